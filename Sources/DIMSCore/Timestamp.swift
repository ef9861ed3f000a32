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

    /// This moment moved by `seconds`, held within `supported` (a move past either end stops there).
    public func adding(seconds: Double) -> Timestamp {
        guard seconds.isFinite else { return self }
        let moved = Double(micros) + seconds * 1_000_000
        let range = Timestamp.supported
        if moved <= Double(range.lowerBound.micros) { return range.lowerBound }
        if moved >= Double(range.upperBound.micros) { return range.upperBound }
        return Timestamp(micros: micros + Int64(seconds * 1_000_000))
    }
    public func adding(hours: Double) -> Timestamp { adding(seconds: hours * 3600) }

    /// The moments dims reads and computes with: the years 0001 to 9999, as ISO 8601 writes them.
    public static let supported = Timestamp(micros: -62_135_596_800_000_000)...Timestamp(micros: 253_402_300_799_999_999)

    /// ISO 8601 in UTC with seconds: `2025-10-22T14:03:00Z`.
    public var iso8601: String {
        let total = floorDiv(micros, 1_000_000)
        let secondsOfDay = total - Int64(day.daysSince1970) * 86_400
        let h = secondsOfDay / 3600, m = (secondsOfDay % 3600) / 60, s = secondsOfDay % 60
        return "\(day)T\(pad(h, 2)):\(pad(m, 2)):\(pad(s, 2))Z"
    }

    public var description: String { iso8601 }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.micros < rhs.micros }

    /// Parses `YYYY-MM-DD` (the start of that UTC day), or a time `YYYY-MM-DD[T ]HH:MM[:SS[.ffffff]]` with `Z`,
    /// an offset (`+02:00`, `-0500`) or none (read as UTC: the original system wrote Python's naive isoformat).
    ///
    /// Hand-written rather than `ISO8601DateFormatter`: every metrics.yaml entry carries a time, and a formatter
    /// costs a quarter of a millisecond to make.
    public static func parse(_ text: String) -> Timestamp? {
        var scanner = DigitScanner(Array(text.trimmingCharacters(in: .whitespaces).utf8))
        guard let year = scanner.number(4), scanner.take(UInt8(ascii: "-")), let month = scanner.number(2),
              scanner.take(UInt8(ascii: "-")), let dayOfMonth = scanner.number(2),
              (1...12).contains(month), dayOfMonth >= 1, dayOfMonth <= Day.daysIn(month: month, year: year) else { return nil }
        let day = Day(year: year, month: month, day: dayOfMonth)
        if scanner.atEnd { return day.start }
        guard scanner.take(UInt8(ascii: "T")) || scanner.take(UInt8(ascii: "t")) || scanner.take(UInt8(ascii: " ")),
              let hour = scanner.number(2), scanner.take(UInt8(ascii: ":")), let minute = scanner.number(2),
              hour < 24, minute < 60 else { return nil }
        var second = 0
        var micros: Int64 = 0
        if scanner.take(UInt8(ascii: ":")) {
            guard let s = scanner.number(2), s < 61 else { return nil }
            second = s
            if scanner.take(UInt8(ascii: ".")) || scanner.take(UInt8(ascii: ",")) {
                var digits = 0
                while let digit = scanner.digit() {
                    if digits < 6 { micros = micros * 10 + Int64(digit) }
                    digits += 1
                }
                guard digits > 0 else { return nil }
                for _ in digits..<max(digits, 6) { micros *= 10 }
            }
        }
        var offsetSeconds = 0
        if scanner.take(UInt8(ascii: "Z")) || scanner.take(UInt8(ascii: "z")) {
        } else if let sign = scanner.sign() {
            guard let oh = scanner.number(2) else { return nil }
            _ = scanner.take(UInt8(ascii: ":"))
            let om = scanner.number(2) ?? 0
            offsetSeconds = sign * (oh * 3600 + om * 60)
        }
        guard scanner.atEnd else { return nil }
        let seconds = Int64(day.daysSince1970) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        return Timestamp(micros: seconds * 1_000_000 + micros)
    }
}

/// Reads fixed-width numbers and signs from ASCII bytes.
struct DigitScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func digit() -> Int? {
        guard index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 else { return nil }
        defer { index += 1 }
        return Int(bytes[index] - 48)
    }

    mutating func number(_ width: Int) -> Int? {
        var value = 0
        for _ in 0..<width {
            guard let d = digit() else { return nil }
            value = value * 10 + d
        }
        return value
    }

    mutating func sign() -> Int? {
        if take(UInt8(ascii: "+")) { return 1 }
        if take(UInt8(ascii: "-")) { return -1 }
        return nil
    }
}

func pad(_ value: Int64, _ width: Int) -> String { String(zeroPadded: value, width: width) }

extension String {
    /// `value` in decimal, left-padded with zeros to `width` (cheaper than `String(format:)`).
    public init(zeroPadded value: Int64, width: Int) {
        let digits = String(value)
        self = digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
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
              Day.isValid(year: y, month: m, day: d) else { return nil }
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
        return "\(pad(Int64(c.year), 4))-\(pad(Int64(c.month), 2))-\(pad(Int64(c.day), 2))"
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.daysSince1970 < rhs.daysSince1970 }

    /// Whether the date exists in the proleptic Gregorian calendar (`2024-02-29` does, `2025-02-29` does not).
    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        (1...12).contains(month) && day >= 1 && day <= daysIn(month: month, year: year)
    }

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

    /// Why `DIMS_NOW` cannot be read, or nil when it is unset or a valid time.
    public static func problem(in environment: [String: String]) -> String? {
        guard let text = environment["DIMS_NOW"], Timestamp.parse(text) == nil else { return nil }
        return "Invalid DIMS_NOW '\(text)': use an ISO 8601 time such as 2025-10-16T09:30:00Z, or unset it"
    }
    public func now() -> Timestamp { fixed ?? Timestamp(Date()) }
}

/// A clock that always reads the same time.
public struct FixedClock: Clock {
    public var time: Timestamp
    public init(_ time: Timestamp) { self.time = time }
    public func now() -> Timestamp { time }
}
