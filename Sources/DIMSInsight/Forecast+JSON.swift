import DIMSCore

extension Forecast: Encodable {
    enum Keys: String, CodingKey {
        case status, points, first, last, model, rSquared = "r_squared", slopePerDay = "slope_per_day", slopeLow = "slope_low",
             slopeHigh = "slope_high", growth, forecast, limits, minimumDays = "minimum_days", minimumRSquared = "minimum_r_squared"
    }

    /// The status and counts always; the trend's numbers only when it fits, so a poor fit never reads as a forecast.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(status, forKey: .status)
        try c.encode(points, forKey: .points)
        try c.encodeIfPresent(first, forKey: .first)
        try c.encodeIfPresent(last, forKey: .last)
        try c.encode(Self.minimumDays, forKey: .minimumDays)
        try c.encode(Self.minimumRSquared, forKey: .minimumRSquared)
        if let fit {
            try c.encode(fit.rSquared, forKey: .rSquared)
        }
        if status == .fit, let fit {
            try c.encode(fit.model, forKey: .model)
            if fit.model == .linear {
                try c.encode(fit.line.slope, forKey: .slopePerDay)
                try c.encode(fit.line.lowSlope, forKey: .slopeLow)
                try c.encode(fit.line.highSlope, forKey: .slopeHigh)
            }
        }
        try c.encodeIfPresent(growth, forKey: .growth)
        try c.encodeIfPresent(projection, forKey: .forecast)
        try c.encode(crossings, forKey: .limits)
    }
}

extension DailyValue: Encodable {
    enum Keys: String, CodingKey { case date, value }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(day.description, forKey: .date)
        try c.encode(value, forKey: .value)
    }
}

extension Forecast.Growth: Encodable {
    enum Keys: String, CodingKey {
        case perDay = "per_day", perWeek = "per_week", perMonth = "per_month", perWeekPercent = "per_week_pct",
             perMonthPercent = "per_month_pct", doublingDays = "doubling_days"
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(perDay, forKey: .perDay)
        try c.encode(perWeek, forKey: .perWeek)
        try c.encode(perMonth, forKey: .perMonth)
        try c.encodeIfPresent(perWeekPercent, forKey: .perWeekPercent)
        try c.encodeIfPresent(perMonthPercent, forKey: .perMonthPercent)
        try c.encodeIfPresent(doublingDays, forKey: .doublingDays)
    }
}

extension Forecast.Projection: Encodable {
    enum Keys: String, CodingKey { case date, value, low, high, confidence }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(day.description, forKey: .date)
        try c.encode(value, forKey: .value)
        try c.encode(low, forKey: .low)
        try c.encode(high, forKey: .high)
        try c.encode(0.95, forKey: .confidence)
    }
}

extension Forecast.Crossing: Encodable {
    enum Keys: String, CodingKey { case kind, limit, state, date }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(limit, forKey: .limit)
        try c.encode(state, forKey: .state)
        try c.encodeIfPresent(day?.description, forKey: .date)
    }
}
