import DIMSCore
import DIMSInsight

/// Daily series with known answers, from 2025-01-01.
enum SyntheticSeries {
    static let start = Day(year: 2025, month: 1, day: 1)

    /// `value(day index)` for each day in `days`.
    static func make(_ days: some Sequence<Int>, _ value: (Int) -> Double) -> [DailyValue] {
        days.map { DailyValue(day: start.adding(days: $0), value: value($0)) }
    }
}
