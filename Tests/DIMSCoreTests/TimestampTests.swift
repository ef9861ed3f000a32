import DIMSCore
import Foundation
import Testing

struct TimestampTests {
    /// Every form the original system and users write parses to the same instant an ISO 8601 formatter gives.
    @Test(arguments: [
        ("2025-10-22", "2025-10-22T00:00:00Z"),
        ("2025-10-22T14:03:11", "2025-10-22T14:03:11Z"),
        ("2025-10-22T14:03:11.123456", "2025-10-22T14:03:11.123456Z"),
        ("2025-10-22 14:03:11.5", "2025-10-22T14:03:11.500Z"),
        ("2025-10-22T14:03:11Z", "2025-10-22T14:03:11Z"),
        ("2025-10-22T16:03:11+02:00", "2025-10-22T14:03:11Z"),
        ("2025-10-22T09:03:11-0500", "2025-10-22T14:03:11Z"),
        ("2025-10-22T14:03", "2025-10-22T14:03:00Z"),
        ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
    ])
    func parsesLikeISO8601(text: String, expected: String) throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = expected.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        let date = try #require(formatter.date(from: expected))
        let parsed = try #require(Timestamp.parse(text))
        // The formatter keeps milliseconds only.
        #expect(abs(parsed.date.timeIntervalSince(date)) < 0.001)
    }

    /// Microseconds survive, as the original's isoformat wrote them.
    @Test func keepsMicroseconds() throws {
        let parsed = try #require(Timestamp.parse("2025-10-22T14:03:11.123456"))
        #expect(parsed.micros % 1_000_000 == 123_456)
    }

    /// Impossible dates and stray text are refused, never read as something else.
    @Test(arguments: ["2025-02-30", "2025-13-01", "2025-10-22T25:00", "2025-10-22x", "20251022", "", "yesterday", "2025-10-22T14:03:11.", "2025-10-22T14:03:11+2"])
    func refusesNonsense(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    /// Formatting round-trips and pads.
    @Test func formatsWithPadding() throws {
        let stamp = try #require(Timestamp.parse("0999-01-02T03:04:05Z"))
        #expect(stamp.iso8601 == "0999-01-02T03:04:05Z")
        #expect(Day(year: 2025, month: 3, day: 4).description == "2025-03-04")
        #expect(Timestamp.parse(stamp.iso8601) == stamp)
    }

    /// Relative times count back from now; absolute ones ignore now.
    @Test func timeSpecReadsRelativeAges() throws {
        let now = try #require(Timestamp.parse("2025-10-22T00:00:00Z"))
        #expect(TimeSpec.parse("7d", now: now) == Timestamp.parse("2025-10-15T00:00:00Z"))
        #expect(TimeSpec.parse("2w", now: now) == Timestamp.parse("2025-10-08T00:00:00Z"))
        #expect(TimeSpec.parse("36h", now: now) == Timestamp.parse("2025-10-20T12:00:00Z"))
        #expect(TimeSpec.parse("2025-01-01", now: now) == Timestamp.parse("2025-01-01"))
        #expect(TimeSpec.parse("7x", now: now) == nil)
    }
}
