/// A moment given on the command line: `YYYY-MM-DD`, an ISO 8601 time, or relative to now (`36h`, `7d`, `2w`, `3m`, `1y`).
public enum TimeSpec {
    /// The moment `text` names, or nil when it names none.
    ///
    /// A date alone means the start of that UTC day, or its end (the state a snapshot of that day holds) with
    /// `date: .end`; relative months are 30 days and years 365.
    public static func parse(_ text: String, now: Timestamp, date edge: DayEdge = .start) -> Timestamp? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let unit = trimmed.last, let amount = Int(trimmed.dropLast()), amount >= 0 {
            let hours: Double? = switch unit {
            case "h": 1
            case "d": 24
            case "w": 24 * 7
            case "m": 24 * 30
            case "y": 24 * 365
            default: nil
            }
            if let hours { return ago(hours: Double(amount) * hours, now: now) }
        }
        if let day = Day(trimmed) { return edge == .start ? day.start : day.end }
        return Timestamp.parse(trimmed)
    }

    /// The moment `hours` before `now`, or nil when it falls before the year 0001.
    public static func ago(hours: Double, now: Timestamp) -> Timestamp? {
        guard hours.isFinite, hours >= 0 else { return nil }
        let micros = Double(now.micros) - hours * 3_600_000_000
        guard micros >= Double(Timestamp.supported.lowerBound.micros) else { return nil }
        return now.adding(hours: -hours)
    }

    /// Which moment of a day a bare date names.
    public enum DayEdge: Sendable {
        /// The first microsecond: where a span of events starts.
        case start
        /// The last microsecond: the state at the end of the day, as the day's snapshot holds it.
        case end
    }

    /// The message for a value that `parse` refused.
    public static func invalid(_ text: String, option: String) -> String {
        "Invalid \(option) '\(text)': use YYYY-MM-DD, an ISO 8601 time such as 2025-10-16T09:30:00Z, or a relative age such as 7d, 2w, 3m"
    }
}

import Foundation
