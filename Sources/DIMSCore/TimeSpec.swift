/// A moment given on the command line: `YYYY-MM-DD`, an ISO 8601 time, or relative to now (`36h`, `7d`, `2w`, `3m`, `1y`).
public enum TimeSpec {
    /// The moment `text` names, or nil when it names none.
    ///
    /// A date alone means the start of that UTC day; relative months are 30 days and years 365.
    public static func parse(_ text: String, now: Timestamp) -> Timestamp? {
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
        return Timestamp.parse(trimmed)
    }

    /// The moment `hours` before `now`, or nil when it falls before the year 0001.
    public static func ago(hours: Double, now: Timestamp) -> Timestamp? {
        guard hours.isFinite, hours >= 0 else { return nil }
        let micros = Double(now.micros) - hours * 3_600_000_000
        guard micros >= Double(Timestamp.supported.lowerBound.micros) else { return nil }
        return now.adding(hours: -hours)
    }

    /// The message for a value that `parse` refused.
    public static func invalid(_ text: String, option: String) -> String {
        "Invalid \(option) '\(text)': use YYYY-MM-DD, an ISO 8601 time such as 2025-10-16T09:30:00Z, or a relative age such as 7d, 2w, 3m"
    }
}

import Foundation
