public import DIMSCore

/// A metric's numeric value at the end of one UTC day: the last reading of that day.
public struct DailyValue: Hashable, Sendable {
    public var day: Day
    public var value: Double

    public init(day: Day, value: Double) {
        self.day = day
        self.value = value
    }

    /// The last numeric point of each day, oldest first; points that are not numbers are left out.
    public static func series(_ points: [Point]) -> [DailyValue] {
        var result: [DailyValue] = []
        for point in points.sorted(by: { ($0.observed, $0.seq) < ($1.observed, $1.seq) }) {
            guard let number = point.value.number, number.isFinite else { continue }
            let daily = DailyValue(day: point.observed.day, value: number)
            if let last = result.last, last.day == daily.day {
                result[result.count - 1] = daily
            } else {
                result.append(daily)
            }
        }
        return result
    }
}
