public import DIMSCore

/// A metric's daily values, with the days before its first reading derived from the daily values of the metrics it
/// follows from (a cost from its size, a formula from its inputs). Derived days are computed when read, never stored
/// as readings, and are marked wherever they are shown.
public struct DerivedSeries: Hashable, Sendable {
    /// The derived days, then the metric's own, oldest first.
    public var series: [DailyValue]
    /// How many of the first days of `series` are derived.
    public var derivedDays: Int
    /// The metrics the derived days follow from.
    public var inputs: [MetricPath]

    /// `own` as it is, with no derived days.
    public init(own: [DailyValue]) {
        series = own
        derivedDays = 0
        inputs = []
    }

    /// `own` preceded by a value for each day before its first on which every one of `inputs` has a value:
    /// `value` of the inputs' values that day, in the order of `inputs` (nil: none that day).
    public init(own: [DailyValue], inputs: [(path: MetricPath, series: [DailyValue])], value: ([Double]) -> Double?) {
        self.inputs = inputs.map(\.path)
        let before = own.first?.day
        var byDay: [Day: [Double]] = [:]
        for (index, input) in inputs.enumerated() {
            for daily in input.series where before.map({ daily.day < $0 }) ?? true {
                if index == 0 { byDay[daily.day] = [daily.value] } else if byDay[daily.day]?.count == index { byDay[daily.day]?.append(daily.value) }
            }
        }
        let derived = byDay.filter { $0.value.count == inputs.count }.sorted { $0.key < $1.key }.compactMap { day, values in
            value(values).flatMap { $0.isFinite ? DailyValue(day: day, value: $0) : nil }
        }
        series = derived + own
        derivedDays = derived.count
    }

    /// The last derived day, nil when there is none.
    public var lastDerivedDay: Day? { derivedDays > 0 ? series[derivedDays - 1].day : nil }
}
