import DIMSTestSupport
import Foundation
import Testing

/// history, diff, snapshot and audit over days of readings, with time controlled by DIMS_NOW.
struct HistoryTests {
    /// Builds a week of daily readings: 100, 110, 120, ... at 09:00 each day from 2025-10-01.
    func week() throws -> TestProject {
        let project = try TestProject()
        for day in 1...7 {
            project.now = String(format: "2025-10-%02dT09:00:00Z", day)
            project.setValue("count", 100 + (day - 1) * 10)
            try project.dims("verify", day == 1 ? "--update" : "--quiet")
        }
        return project
    }

    @Test func historyShowsDailyChangesAndTrend() throws {
        let project = try week()
        let result = try project.dims("history", "code_base.file_count", "--days", "30")
        #expect(result.status == 0)
        #expect(result.stdout.contains("2025-10-01: 100"))
        #expect(result.stdout.contains("2025-10-02: 110 (+10)"))
        #expect(result.stdout.contains("2025-10-07: 160 (+10)"))
        #expect(result.stdout.contains("Trend: +60"), "\(result.stdout)")
        #expect(result.stdout.contains("(+60.0%)"), "\(result.stdout)")
        let none = try project.dims("history", "code_base.file_count", "--since", "2025-10-08")
        #expect(none.stdout.contains("No historical data"))
        let unknown = try project.dims("history", "code_base.file_cont")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Did you mean 'code_base.file_count'"))
    }

    @Test func diffShowsThenAndNow() throws {
        let project = try week()
        // A bare date is the end of that day: 120 as of 2025-10-03, 160 now.
        let result = try project.dims("diff", "--since", "2025-10-03")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("code_base.file_count"))
        #expect(result.stdout.contains("120    160     +40"), "\(result.stdout)")
        let relative = try project.dims("diff", "--since", "2d", "--json")
        #expect(relative.status == 0)
        #expect(relative.stdout.contains("\"change\": 20,"), "\(relative.stdout)")
        let before = try project.dims("diff", "--since", "2024-01-01")
        #expect(before.stdout.contains("No data as of"))
        let bad = try project.dims("diff", "--since", "yesterday-ish")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("Invalid --since 'yesterday-ish'"))
        #expect(try project.dims("diff", "--since", "2025-02-30").status == 2)
    }

    @Test func snapshotOfAPastDateIsTheStateAsOfThatDate() throws {
        let project = try week()
        let result = try project.dims("snapshot", "--date", "2025-10-03")
        #expect(result.status == 0, "\(result.stderr)")
        let text = project.read("inventory/historical/2025-10-03.yaml") ?? ""
        #expect(text.contains("value: 120"), "\(text)")
        #expect(text.contains("snapshot_date"))
        #expect(try project.dims("snapshot").status == 0)
        #expect(project.read("inventory/historical/2025-10-07.yaml")?.contains("value: 160") == true)
    }

    @Test func auditNamesDriftMomentsAndBaselineChanges() throws {
        let project = try week()
        project.actor = "alice@laptop"
        project.now = "2025-10-08T09:00:00Z"
        try project.dims("verify", "--update", "--metric", "code_base.file_count")
        let result = try project.dims("audit", "code_base.file_count")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("first minor drift"), "\(result.stdout)")
        #expect(result.stdout.contains("first moderate drift"))
        #expect(result.stdout.contains("first major drift"))
        #expect(result.stdout.contains("first critical drift"))
        #expect(result.stdout.contains("baseline 100 → 160 by alice@laptop (verify --update)"), "\(result.stdout)")
    }

    @Test func replayCheckAndLogVerifyPassAfterAWorkflow() throws {
        let project = try week()
        let check = try project.dims("replay", "--check")
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(try project.dims("replay").status == 0)
        #expect(try project.dims("replay", "--check").status == 0)
        let verify = try project.dims("log", "verify")
        #expect(verify.status == 0, "\(verify.stdout)")
        let stats = try project.dims("log", "stats", "--json")
        #expect((MigrationTests.events(stats.stdout) ?? 0) >= 14)
    }
}
