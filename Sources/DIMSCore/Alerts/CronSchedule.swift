import Foundation

/// A crontab time expression (`minute hour day-of-month month day-of-week`), matched in UTC.
///
/// Each field is `*`, a number, a range `a-b`, a step `*/n` or `a-b/n` or `a/n`, or a comma-separated list of
/// those; months and weekdays also take names (`jan`, `mon-fri`), and weekday 7 is Sunday as 0 is. The macros
/// `@hourly`, `@daily` (`@midnight`), `@weekly`, `@monthly` and `@yearly` (`@annually`) stand for their fields.
/// As in cron, when both day fields are restricted a day matching either one matches.
public struct CronSchedule: Hashable, Sendable, CustomStringConvertible {
    public let expression: String
    let minutes: Set<Int>
    let hours: Set<Int>
    let days: Set<Int>
    let months: Set<Int>
    let weekdays: Set<Int>
    let daysRestricted: Bool
    let weekdaysRestricted: Bool

    public var description: String { expression }

    public init(_ expression: String) throws(CronError) {
        let text = expression.trimmingCharacters(in: .whitespaces)
        let macros = ["@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
                      "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"]
        let expanded = text.hasPrefix("@") ? macros[text.lowercased()] : text
        guard let expanded else { throw CronError("Unknown cron macro '\(text)'; use @hourly, @daily, @weekly, @monthly or @yearly") }
        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw CronError("Cron schedule '\(text)' has \(fields.count) fields; it needs 5: minute hour day-of-month month day-of-week")
        }
        self.expression = text
        minutes = try CronSchedule.field(fields[0], .minute)
        hours = try CronSchedule.field(fields[1], .hour)
        days = try CronSchedule.field(fields[2], .day)
        months = try CronSchedule.field(fields[3], .month)
        weekdays = Set(try CronSchedule.field(fields[4], .weekday).map { $0 % 7 })
        daysRestricted = !fields[2].hasPrefix("*")
        weekdaysRestricted = !fields[4].hasPrefix("*")
    }

    /// Whether the minute holding `time` is scheduled.
    public func matches(_ time: Timestamp) -> Bool {
        let minuteOfDay = Int(floorMod(floorDiv(time.micros, 60_000_000), 1440))
        return minutes.contains(minuteOfDay % 60) && hours.contains(minuteOfDay / 60) && matches(day: time.day)
    }

    /// The first scheduled minute after `time` and at or before `end`, or nil when there is none.
    public func next(after time: Timestamp, through end: Timestamp) -> Timestamp? {
        var minute = floorDiv(time.micros, 60_000_000) + 1
        let last = floorDiv(end.micros, 60_000_000)
        while minute <= last {
            let day = Day(daysSince1970: Int32(floorDiv(minute, 1440)))
            guard matches(day: day) else {
                minute = Int64(day.daysSince1970 + 1) * 1440
                continue
            }
            let minuteOfDay = Int(floorMod(minute, 1440))
            guard hours.contains(minuteOfDay / 60) else {
                minute = minute - Int64(minuteOfDay % 60) + 60
                continue
            }
            if minutes.contains(minuteOfDay % 60) { return Timestamp(micros: minute * 60_000_000) }
            minute += 1
        }
        return nil
    }

    func matches(day: Day) -> Bool {
        let (_, month, dayOfMonth) = day.components
        guard months.contains(month) else { return false }
        let weekday = Int(floorMod(Int64(day.daysSince1970) + 4, 7))
        let byDay = days.contains(dayOfMonth), byWeekday = weekdays.contains(weekday)
        if daysRestricted && weekdaysRestricted { return byDay || byWeekday }
        return byDay && byWeekday
    }

    // MARK: - Parsing

    enum Field {
        case minute, hour, day, month, weekday

        var range: ClosedRange<Int> {
            switch self {
            case .minute: 0...59
            case .hour: 0...23
            case .day: 1...31
            case .month: 1...12
            case .weekday: 0...7
            }
        }

        var name: String {
            switch self {
            case .minute: "minute"
            case .hour: "hour"
            case .day: "day-of-month"
            case .month: "month"
            case .weekday: "day-of-week"
            }
        }

        var names: [String] {
            switch self {
            case .month: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
            case .weekday: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
            default: []
            }
        }

        func value(_ text: String) -> Int? {
            if let number = Int(text) { return range.contains(number) ? number : nil }
            guard let index = names.firstIndex(of: text.lowercased()) else { return nil }
            return self == .month ? index + 1 : index
        }
    }

    static func field(_ text: String, _ field: Field) throws(CronError) -> Set<Int> {
        var values = Set<Int>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            let bad = CronError("Invalid \(field.name) '\(item)' in '\(text)': use *, N, A-B, */N or A-B/N within \(field.range.lowerBound)-\(field.range.upperBound)")
            let parts = item.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count <= 2, !parts[0].isEmpty else { throw bad }
            var step = 1
            if parts.count == 2 {
                guard let n = Int(parts[1]), n > 0 else { throw bad }
                step = n
            }
            var lower: Int, upper: Int
            if parts[0] == "*" {
                (lower, upper) = (field.range.lowerBound, field.range.upperBound)
            } else {
                let bounds = parts[0].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
                guard bounds.count <= 2, let a = field.value(bounds[0]) else { throw bad }
                lower = a
                if bounds.count == 2 {
                    guard let b = field.value(bounds[1]), b >= a else { throw bad }
                    upper = b
                } else {
                    upper = parts.count == 2 ? field.range.upperBound : a
                }
            }
            values.formUnion(stride(from: lower, through: upper, by: step))
        }
        return values
    }
}

/// A cron expression that cannot be read.
public struct CronError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
    init(_ message: String) { self.message = message }
}

private func floorMod(_ a: Int64, _ b: Int64) -> Int64 { a - floorDiv(a, b) * b }
