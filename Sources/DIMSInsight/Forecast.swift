public import DIMSCore
import Foundation

/// What a metric's daily series says about where it is going: growth, a forecast with its interval, and when
/// each limit is reached — or, when the series cannot support them, why not.
public struct Forecast: Hashable, Sendable {
    /// Whether the series supports a forecast.
    public enum Status: String, Hashable, Sendable, Codable {
        /// The trend explains the series well enough to project it.
        case fit
        /// Fewer days than `minimumDays` hold a value.
        case tooFewPoints = "too_few_points"
        /// The trend explains less than `minimumRSquared` of the series' variation.
        case poorFit = "poor_fit"
    }

    /// Growth rates at the end of the series.
    public struct Growth: Hashable, Sendable {
        public var perDay: Double
        public var perWeek: Double
        public var perMonth: Double
        /// The weekly and monthly change as a percentage of the trend's current level; nil when that level is not positive.
        public var perWeekPercent: Double?
        public var perMonthPercent: Double?
        /// Days until the value is twice its current level at this trend; nil when it does not grow.
        public var doublingDays: Double?
    }

    /// The projected value on a day, with its 95 % interval.
    public struct Projection: Hashable, Sendable {
        public var day: Day
        public var value: Double
        public var low: Double
        public var high: Double
    }

    /// When the metric reaches one of its limits.
    public struct Crossing: Hashable, Sendable {
        public enum State: String, Hashable, Sendable, Codable {
            /// The last value is already past the limit.
            case exceeded
            /// At this trend the limit is reached on `day`.
            case expected
            /// The trend moves away from the limit, or stays flat.
            case notOnTrend = "not_on_trend"
            /// The series does not support a forecast (see the status).
            case unknown
        }
        public var kind: LimitKind
        public var limit: Double
        public var state: State
        public var day: Day?
    }

    public var status: Status
    /// The fewest days with a value that a forecast needs.
    public static let minimumDays = 7
    /// The least share of the variation the trend must explain for its numbers to be given.
    public static let minimumRSquared = 0.5
    /// Crossings further than this many days away are not dated.
    public static let crossingHorizonDays: Int32 = 3650

    public var points: Int
    public var first: DailyValue?
    public var last: DailyValue?
    public var fit: TrendFit?
    /// Present only when the status is `fit`.
    public var growth: Growth?
    public var projection: Projection?
    public var crossings: [Crossing]

    /// Analyses `series` (daily values, oldest first) as of `today`, projecting to `horizon`.
    public init(_ series: [DailyValue], today: Day, horizon: Day, limits: MetricLimits = MetricLimits()) {
        points = series.count
        first = series.first
        last = series.last
        fit = series.count >= 2 ? TrendFit(series) : nil
        if series.count < Self.minimumDays || fit == nil {
            status = .tooFewPoints
        } else if let fit, fit.rSquared < Self.minimumRSquared {
            status = .poorFit
        } else {
            status = .fit
        }
        crossings = []
        guard status == .fit, let fit, let last else {
            crossings = limits.all.map { kind, limit in
                let past = last.map { kind.isUpper ? $0.value > limit : $0.value < limit } ?? false
                return Crossing(kind: kind, limit: limit, state: past ? .exceeded : .unknown, day: nil)
            }
            return
        }
        let level = fit.value(on: last.day.daysSince1970)
        let perDay: Double
        switch fit.model {
        case .linear: perDay = fit.line.slope
        case .exponential: perDay = level * (Foundation.exp(fit.line.slope) - 1)
        }
        func change(over days: Double) -> Double {
            fit.model == .linear ? fit.line.slope * days : level * (Foundation.exp(fit.line.slope * days) - 1)
        }
        let week = change(over: 7), month = change(over: 365.25 / 12)
        var doubling: Double?
        if perDay > 0, level > 0 {
            doubling = fit.model == .linear ? level / fit.line.slope : Foundation.log(2) / fit.line.slope
        }
        growth = Growth(perDay: perDay, perWeek: week, perMonth: month,
                        perWeekPercent: level > 0 ? week / level * 100 : nil, perMonthPercent: level > 0 ? month / level * 100 : nil,
                        doublingDays: doubling)
        let band = fit.interval(on: horizon.daysSince1970)
        projection = Projection(day: horizon, value: band.value, low: band.low, high: band.high)
        crossings = limits.all.map { kind, limit in
            if kind.isUpper ? last.value > limit : last.value < limit {
                return Crossing(kind: kind, limit: limit, state: .exceeded, day: nil)
            }
            let from = max(today.daysSince1970, last.day.daysSince1970)
            guard let day = fit.day(reaching: limit, after: from), day - from <= Self.crossingHorizonDays,
                  kind.isUpper ? fit.line.slope > 0 : fit.line.slope < 0 else {
                return Crossing(kind: kind, limit: limit, state: .notOnTrend, day: nil)
            }
            return Crossing(kind: kind, limit: limit, state: .expected, day: Day(daysSince1970: day))
        }
    }
}
