import DIMSCore
import Testing

struct CronScheduleTests {
    static func at(_ text: String) -> Timestamp { Timestamp.parse(text)! }

    @Test func everyMinuteMatchesAnyMinute() throws {
        let cron = try CronSchedule("* * * * *")
        #expect(cron.matches(Self.at("2025-10-01T09:17:30Z")))
    }

    @Test func fixedTimeMatchesOnlyThatMinute() throws {
        let cron = try CronSchedule("30 2 * * *")
        #expect(cron.matches(Self.at("2025-10-01T02:30:59Z")))
        #expect(!cron.matches(Self.at("2025-10-01T02:31:00Z")))
        #expect(!cron.matches(Self.at("2025-10-01T03:30:00Z")))
    }

    @Test func rangesStepsAndListsCombine() throws {
        let cron = try CronSchedule("0-10/5,45 */6 * * *")
        for minute in ["00", "05", "10", "45"] { #expect(cron.matches(Self.at("2025-10-01T12:\(minute):00Z"))) }
        #expect(!cron.matches(Self.at("2025-10-01T12:15:00Z")))
        #expect(!cron.matches(Self.at("2025-10-01T13:00:00Z")))
        #expect(cron.matches(Self.at("2025-10-01T18:45:00Z")))
    }

    @Test func startWithStepRunsToTheEndOfTheField() throws {
        let cron = try CronSchedule("50/5 * * * *")
        #expect(cron.matches(Self.at("2025-10-01T12:55:00Z")))
        #expect(!cron.matches(Self.at("2025-10-01T12:05:00Z")))
    }

    /// 2025-10-01 is a Wednesday.
    @Test func weekdayAndMonthNamesAreRead() throws {
        let cron = try CronSchedule("0 9 * oct mon-wed")
        #expect(cron.matches(Self.at("2025-10-01T09:00:00Z")))
        #expect(!cron.matches(Self.at("2025-10-02T09:00:00Z")))
        #expect(!cron.matches(Self.at("2025-11-03T09:00:00Z")))
    }

    @Test func sevenIsSundayAsZeroIs() throws {
        let cron = try CronSchedule("0 0 * * 7")
        #expect(cron.matches(Self.at("2025-10-05T00:00:00Z")))
        #expect(!cron.matches(Self.at("2025-10-06T00:00:00Z")))
    }

    /// As in cron: with both day fields restricted, a day matching either one matches.
    @Test func restrictedDayFieldsMatchEitherOne() throws {
        let cron = try CronSchedule("0 0 13 * fri")
        #expect(cron.matches(Self.at("2025-10-13T00:00:00Z")))
        #expect(cron.matches(Self.at("2025-10-03T00:00:00Z")))
        #expect(!cron.matches(Self.at("2025-10-04T00:00:00Z")))
    }

    @Test func macrosStandForTheirFields() throws {
        #expect(try CronSchedule("@daily").matches(Self.at("2025-10-01T00:00:00Z")))
        #expect(try CronSchedule("@hourly").matches(Self.at("2025-10-01T07:00:00Z")))
        #expect(try !CronSchedule("@weekly").matches(Self.at("2025-10-01T00:00:00Z")))
        #expect(try CronSchedule("@monthly").matches(Self.at("2025-11-01T00:00:00Z")))
    }

    @Test func nextFindsTheFirstScheduledMinuteAfterATime() throws {
        let cron = try CronSchedule("15 3 * * *")
        #expect(cron.next(after: Self.at("2025-10-01T03:15:00Z"), through: Self.at("2025-10-03T00:00:00Z")) == Self.at("2025-10-02T03:15:00Z"))
        #expect(cron.next(after: Self.at("2025-10-01T03:14:59Z"), through: Self.at("2025-10-03T00:00:00Z")) == Self.at("2025-10-01T03:15:00Z"))
        #expect(cron.next(after: Self.at("2025-10-01T03:15:00Z"), through: Self.at("2025-10-02T03:14:00Z")) == nil)
    }

    @Test func nextSkipsToALeapDay() throws {
        let cron = try CronSchedule("0 0 29 feb *")
        #expect(cron.next(after: Self.at("2025-03-01T00:00:00Z"), through: Self.at("2029-01-01T00:00:00Z")) == Self.at("2028-02-29T00:00:00Z"))
    }

    @Test(arguments: ["* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "5-1 * * * *",
                      "*/0 * * * *", "a * * * *", "* * * foo *", "1,,2 * * * *", "@sometimes", "*/5/2 * * * *", "-1 * * * *"])
    func badExpressionsAreRejectedWithAReason(_ expression: String) {
        let error = #expect(throws: CronError.self) { try CronSchedule(expression) }
        #expect(error?.message.isEmpty == false)
    }

    @Test func errorNamesTheField() {
        let error = #expect(throws: CronError.self) { try CronSchedule("0 25 * * *") }
        #expect(error?.message == "Invalid hour '25' in '25': use *, N, A-B, */N or A-B/N within 0-23")
    }
}
