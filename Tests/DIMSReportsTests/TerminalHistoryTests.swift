import DIMSCore
import DIMSReports
import Testing

struct TerminalHistoryTests {
    /// The seed's `history s3_storage.total_objects --days 30` example.
    @Test func historyShowsChangesAndTrendLikeTheSeed() {
        let points = Fixture.points([.integer(168_432), .integer(170_891), .integer(171_523), .integer(172_726)])
        #expect(TerminalFormat.history(points, days: 30) == """
            2025-10-01: 168,432
            2025-10-08: 170,891 (+2,459)
            2025-10-15: 171,523 (+632)
            2025-10-22: 172,726 (+1,203)

            Trend: +4,294 over 30 days (+2.5%)

            """)
    }

    @Test func historyShowsDropsAndUnchangedDays() {
        let points = Fixture.points([.integer(100), .integer(100), .integer(90)])
        #expect(TerminalFormat.history(points, days: 14) == """
            2025-10-01: 100
            2025-10-08: 100 (no change)
            2025-10-15: 90 (-10)

            Trend: -10 over 14 days (-10.0%)

            """)
    }

    @Test func floatHistoryRoundsChangesToTheValuesDecimals() {
        let points = Fixture.points([.float(112.1), .float(118.26)])
        #expect(TerminalFormat.history(points, days: 7) == """
            2025-10-01: 112.1
            2025-10-08: 118.26 (+6.16)

            Trend: +6.16 over 7 days (+5.5%)

            """)
    }

    @Test func stringHistoryCountsChanges() {
        let points = Fixture.points([.string("develop"), .string("main"), .string("main")])
        #expect(TerminalFormat.history(points, days: 1) == """
            2025-10-01: 'develop'
            2025-10-08: 'main' (changed from 'develop')
            2025-10-15: 'main'

            Trend: 1 change over 1 day

            """)
    }

    @Test func emptyHistorySaysThereIsNoData() {
        #expect(TerminalFormat.history([], days: 30) == "No historical data\n")
    }

    @Test func trendFromZeroHasNoPercentage() {
        let points = Fixture.points([.integer(0), .integer(5)])
        #expect(TerminalFormat.history(points, days: 30).hasSuffix("Trend: +5 over 30 days\n"))
    }

    @Test func sparklineSpansLowestToHighestBar() {
        #expect(TerminalFormat.sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█")
        #expect(TerminalFormat.sparkline([10, 0, 5]) == "█▁▅")
        #expect(TerminalFormat.sparkline([3, 3, 3]) == "▄▄▄")
        #expect(TerminalFormat.sparkline([]) == "")
        #expect(TerminalFormat.sparkline([1, .nan, 2]) == "▁ █")
    }

    @Test func sparklineOfPointsUsesNumericValues() {
        let points = Fixture.points([.integer(168_432), .integer(170_891), .integer(172_726)])
        #expect(TerminalFormat.sparkline(of: points) == "▁▅█")
    }
}
