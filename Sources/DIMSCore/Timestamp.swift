public import Foundation

/// A point in time with microsecond resolution, stored as microseconds since 1970-01-01T00:00:00Z.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var micros: Int64

    public init(micros: Int64) { self.micros = micros }
    public init(_ date: Date) { self.micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }
    public init(seconds: Int64) { self.micros = seconds * 1_000_000 }

    public var date: Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }
    public var seconds: Double { Double(micros) / 1_000_000 }
    /// The UTC day this moment falls on.
    public var day: Day { Day(daysSince1970: Int32(floorDiv(micros, 86_400_000_000))) }

    public func adding(seconds: Double) -> Timestamp { Timestamp(micros: micros + Int64(seconds * 1_000_000)) }
    public func adding(hours: Double) -> Timestamp { adding(seconds: hours * 3600) }

    /// ISO 8601 in UTC with seconds: `2025-10-22T14:03:00Z`.
    public var iso8601: String {
        let total = floorDiv(micros, 1_000_000)
        let secondsOfDay = total - Int64(day.daysSince1970) * 86_400
        let h = secondsOfDay / 3600, m = (secondsOfDay % 3600) / 60, s = secondsOfDay % 60
        return "\(day)T" + String(format: "%02lld:%02lld:%02lldZ", h, m, s)
    }

    public var description: String { iso8601 }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.micros < rhs.micros }

    /// Parses `YYYY-MM-DD` (the start of that UTC day) or an ISO 8601 time with an offset or `Z`.
    public static func parse(_ text: String) -> Timestamp? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let day = Day(trimmed) { return day.start }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: trimmed) { return Timestamp(date) }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: trimmed) { return Timestamp(date) }
        // Python's isoformat without an offset (the original system wrote these): read as UTC.
        let plain = ISO8601DateFormatter()
        plain.timeZone = TimeZone(identifier: "UTC")
        plain.formatOptions = [.withFullDate, .withTime, .withDashSeparatorInDate, .withColonSeparatorInTime]
        let noFraction = trimmed.split(separator: ".").first.map(String.init) ?? trimmed
        if let date = plain.date(from: noFraction.replacingOccurrences(of: " ", with: "T")) {
            var stamp = Timestamp(date)
            if let dot = trimmed.firstIndex(of: "."), let fraction = Double("0" + trimmed[dot...]) {
                stamp.micros += Int64((fraction * 1_000_000).rounded())
            }
            return stamp
        }
        return nil
    }
}

/// A calendar day in UTC.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var daysSince1970: Int32

    public init(daysSince1970: Int32) { self.daysSince1970 = daysSince1970 }

    /// Reads `YYYY-MM-DD`; nil for anything else, including impossible dates like `2025-02-30`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= Day.daysIn(month: m, year: y) else { return nil }
        self.daysSince1970 = Int32(Day.daysFromCivil(y, m, d))
    }

    public init(year: Int, month: Int, day: Int) {
        self.daysSince1970 = Int32(Day.daysFromCivil(year, month, day))
    }

    public var start: Timestamp { Timestamp(micros: Int64(daysSince1970) * 86_400_000_000) }
    /// The last microsecond of the day.
    public var end: Timestamp { Timestamp(micros: Int64(daysSince1970 + 1) * 86_400_000_000 - 1) }
    public func adding(days: Int) -> Day { Day(daysSince1970: daysSince1970 + Int32(days)) }
    public var components: (year: Int, month: Int, day: Int) { Day.civil(from: Int(daysSince1970)) }
    public var year: Int { components.year }

    public var description: String {
        let c = components
        return String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.daysSince1970 < rhs.daysSince1970 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days_from_civil and civil_from_days.
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(from days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

/// Where code that needs "now" gets it, so that tests control time.
public protocol Clock: Sendable {
    func now() -> Timestamp
}

/// The system's wall clock, or a fixed time from `DIMS_NOW` (ISO 8601) for reproducible runs and tests.
public struct SystemClock: Clock {
    let fixed: Timestamp?
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        fixed = environment["DIMS_NOW"].flatMap(Timestamp.parse)
    }
    public func now() -> Timestamp { fixed ?? Timestamp(Date()) }
}

/// A clock that always reads the same time.
public struct FixedClock: Clock {
    public var time: Timestamp
    public init(_ time: Timestamp) { self.time = time }
    public func now() -> Timestamp { time }
}
