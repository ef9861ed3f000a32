public import DIMSCore
public import DIMSInsight
import Foundation

extension TerminalFormat {
    /// The output of `forecast`: the last value, the trend and its fit, growth, the projection and each limit; or why
    /// there is no forecast (too few days, a poor fit) with the numbers that say so.
    public static func forecast(_ result: Forecast, metric: MetricPath, today: Day, derived: DerivedSeries? = nil) -> String {
        let name = escaped(metric.rawValue)
        guard let last = result.last, let first = result.first else {
            return "No numeric history for \(name): run 'dims verify' or 'dims snapshot' to start it\n"
        }
        var lines = ["\(name): \(figure(last.value)) on \(last.day) (\(result.points) \(result.points == 1 ? "day" : "days") with a value since \(first.day))"]
        if let derived, let until = derived.lastDerivedDay {
            let inputs = derived.inputs.map { escaped($0.rawValue) }.joined(separator: ", ")
            lines.append("Derived: \(derived.derivedDays) \(derived.derivedDays == 1 ? "day" : "days") from \(first.day) to \(until) follow from \(inputs) "
                         + "(no reading of \(name) then)")
        }
        switch result.status {
        case .tooFewPoints:
            lines.append("No forecast: too few points (\(result.points) \(result.points == 1 ? "day" : "days") with a value; a forecast needs at least \(Forecast.minimumDays))")
        case .poorFit:
            let r2 = result.fit?.rSquared ?? 0
            lines.append("No forecast: poor fit (the trend explains \(percentText(max(0, r2) * 100)) of the day-to-day variation, R² \(String(format: "%.2f", r2)); "
                         + "at least \(percentText(Forecast.minimumRSquared * 100)) is needed)")
        case .fit:
            if let fit = result.fit, let growth = result.growth {
                lines.append(trendLine(fit, growth))
                lines.append(growthLine(growth, today: today))
            }
            if let p = result.projection {
                let days = Int(p.day.daysSince1970 - today.daysSince1970)
                lines.append("Forecast \(p.day) (in \(days) \(abs(days) == 1 ? "day" : "days")): \(figure(p.value)) "
                             + "(95 % interval \(figure(p.low)) to \(figure(p.high)))")
            }
        }
        for crossing in result.crossings {
            lines.append(limitLine(crossing, today: today, status: result.status))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func trendLine(_ fit: TrendFit, _ growth: Forecast.Growth) -> String {
        let r2 = String(format: "%.2f", fit.rSquared)
        switch fit.model {
        case .linear:
            return "Trend: linear, \(signedFigure(fit.line.slope))/day (95 % interval \(signedFigure(fit.line.lowSlope)) to "
                + "\(signedFigure(fit.line.highSlope))), R² \(r2) over \(fit.count) days"
        case .exponential:
            let daily = (exp(fit.line.slope) - 1) * 100
            return "Trend: exponential, \(NumberText.percent(daily))/day, R² \(r2) over \(fit.count) days"
        }
    }

    private static func growthLine(_ growth: Forecast.Growth, today: Day) -> String {
        func part(_ value: Double, _ percent: Double?, _ unit: String) -> String {
            "\(signedFigure(value))/\(unit)" + (percent.map { " (\(NumberText.percent($0)))" } ?? "")
        }
        var line = "Growth: \(part(growth.perWeek, growth.perWeekPercent, "week")), \(part(growth.perMonth, growth.perMonthPercent, "month"))"
        if let doubling = growth.doublingDays {
            let days = Int(doubling.rounded())
            line += "; doubles in about \(NumberText.grouped(Int64(days))) days"
            if days < 36_500 { line += " (\(today.adding(days: days)))" }
        } else if growth.perDay == 0 {
            line += "; flat"
        }
        return line
    }

    private static func limitLine(_ crossing: Forecast.Crossing, today: Day, status: Forecast.Status) -> String {
        let label = "Limit \(crossing.kind.rawValue) \(figure(crossing.limit))"
        switch crossing.state {
        case .exceeded:
            return "\(label): already \(crossing.kind.isUpper ? "above" : "below") it"
        case .expected:
            guard let day = crossing.day else { return label }
            let days = Int(day.daysSince1970 - today.daysSince1970)
            return "\(label): reached around \(day) (in \(NumberText.grouped(Int64(days))) \(days == 1 ? "day" : "days")) at this trend"
        case .notOnTrend:
            return "\(label): not reached within \(Forecast.crossingHorizonDays / 365) years at this trend"
        case .unknown:
            return "\(label): not within it now; no date without a forecast (\(status == .poorFit ? "poor fit" : "too few points"))"
        }
    }

    static func figure(_ value: Double) -> String { Figure.text(value) }
    static func signedFigure(_ value: Double) -> String { Figure.signed(value) }

    private static func percentText(_ value: Double) -> String { String(format: "%.0f %%", value) }
}
