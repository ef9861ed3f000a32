import DIMSCore
import DIMSStore
import DIMSTestSupport
import Foundation
import Testing

/// `dims archive` on a three-year log: every read command answers the same before and after, through crashes.
struct ArchiveTests {
    static let metrics: [MetricPath] = ["code_base.file_count", "prediction_system.total_lines"]

    /// A project whose log holds daily readings from 2023-01-01 to 2025-09-30, baselines moved now and then,
    /// and a reading of 2023 imported late (appended last). "Now" is 2025-10-01.
    func threeYears() throws -> TestProject {
        let project = try TestProject()
        let log = try EventLog(directory: project.root + "/inventory/.dims")
        var g = SeededGenerator(seed: 42)
        var events: [LoggedEvent] = []
        let first = Day(year: 2023, month: 1, day: 1)
        for d in 0..<1003 {
            for (i, metric) in Self.metrics.enumerated() {
                let observed = first.adding(days: d).start.adding(hours: 9 + Double(i))
                let value = Int64(100 * (i + 1) + d / 7 + Int.random(in: 0..<3, using: &g))
                if d % 90 == 0 {
                    events.append(EventFactory.baseline(metric, .integer(value), previous: d == 0 ? nil : .integer(value - 10), at: observed, actor: "alice@laptop"))
                }
                events.append(d % 50 == 7
                    ? LoggedEvent(recorded: observed, observed: observed, actor: "ci@runner", event: .measurementFailed(Failure(metric: metric, source: "command", reason: "exit status 1")))
                    : EventFactory.measured(metric, .integer(value), at: observed, actor: "ci@runner"))
            }
        }
        events.append(LoggedEvent(recorded: Day(year: 2025, month: 9, day: 30).end, observed: Day(year: 2023, month: 6, day: 1).start.adding(hours: 23),
                                  actor: "importer@host", event: .measured(Reading(metric: Self.metrics[0], value: .integer(5), source: "import"))))
        try log.append(events)
        return project
    }

    /// The outputs that must not change: history, diff in each year, a snapshot of each year, audit and replay --check.
    func outputs(_ project: TestProject) throws -> [String] {
        var result: [String] = []
        for metric in Self.metrics {
            result.append(try project.dims("history", metric.rawValue, "--since", "2023-01-01").stdout)
            result.append(try project.dims("audit", metric.rawValue).stdout)
            result.append(try project.dims("history", metric.rawValue, "--since", "2023-03-01", "--json").stdout)
        }
        for since in ["2023-02-14", "2024-07-01", "2025-03-03"] {
            result.append(try project.dims("diff", "--since", since).stdout)
        }
        for date in ["2023-12-31", "2024-02-29", "2025-05-05"] {
            #expect(try project.dims("snapshot", "--date", date).status == 0)
            result.append(project.read("inventory/historical/\(date).yaml") ?? "missing \(date)")
        }
        let check = try project.dims("replay", "--check")
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        result.append(check.stdout)
        return result
    }

    @Test func everyAnswerIsTheSameBeforeAndAfterArchiving() throws {
        let project = try threeYears()
        project.now = "2025-10-01T09:00:00Z"
        let before = try outputs(project)
        let archive = try project.dims("archive", "--before", "2025-01-01")
        #expect(archive.status == 0, "\(archive.stderr)")
        #expect(archive.stdout.contains("Archived 2023 into inventory/archive/2023.dimslog.z"), "\(archive.stdout)")
        #expect(archive.stdout.contains("Archived 2024 into inventory/archive/2024.dimslog.z"))
        let after = try outputs(project)
        for (a, b) in zip(before, after) { #expect(a == b) }
        let verify = try project.dims("archive", "verify")
        #expect(verify.status == 0, "\(verify.stdout)")
        #expect(try project.dims("log", "verify").status == 0)
        let stats = try project.dims("log", "stats")
        #expect(stats.stdout.contains("Archived: 1480 events (seq 1–1480) of 2023, 2024 in inventory/archive/"), "\(stats.stdout)")
        #expect(try project.dims("replay").status == 0)
        #expect(try outputs(project) == before)
        let again = try project.dims("archive", "--before", "2025-01-01")
        #expect(again.status == 0)
        #expect(again.stdout.contains("Nothing to archive"), "\(again.stdout)")
    }

    /// A second machine that imports the same archives and the live log's export answers history and audit identically.
    @Test func sameArchivesGiveTheSameHistoryOnAnotherMachine() throws {
        let first = try threeYears()
        #expect(try first.dims("archive", "--before", "2025-01-01").status == 0)
        #expect(try first.dims("log", "export", first.root + "/live.dimslog.z").status == 0)
        let second = try TestProject()
        for file in ["inventory/archive/2023.dimslog.z", "inventory/archive/2024.dimslog.z", "live.dimslog.z"] {
            let result = try second.dims("log", "import", first.root + "/" + file)
            #expect(result.status == 0, "\(result.stderr)")
        }
        for arguments in [["history", "code_base.file_count", "--since", "2023-01-01"], ["audit", "prediction_system.total_lines"],
                          ["diff", "--since", "2024-03-01"]] {
            let a = try ProcessRunner.run(ProcessRunner.binary("dims"), arguments, in: first.root, environment: ["DIMS_NOW": first.now])
            let b = try ProcessRunner.run(ProcessRunner.binary("dims"), arguments, in: second.root, environment: ["DIMS_NOW": second.now])
            #expect(a.status == 0 && a.stdout == b.stdout, "\(arguments)")
        }
    }

    /// A fresh clone with the committed archives and no log: the first import adopts them as the start of its log.
    @Test func freshCloneAdoptsCommittedArchives() throws {
        let first = try threeYears()
        first.now = "2025-10-01T09:00:00Z"
        #expect(try first.dims("archive", "--before", "2025-01-01").status == 0)
        let clone = try TestProject()
        clone.now = first.now
        try FileManager.default.createDirectory(atPath: clone.root + "/inventory/archive", withIntermediateDirectories: true)
        for year in ["2023", "2024"] {
            try FileManager.default.copyItem(atPath: first.root + "/inventory/archive/\(year).dimslog.z",
                                             toPath: clone.root + "/inventory/archive/\(year).dimslog.z")
        }
        let imported = try clone.dims("import")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("added 1480 events"), "\(imported.stdout)")
        let range = ["history", "code_base.file_count", "--since", "2023-01-01", "--json"]
        // From the end of 2023-06-02: the late import observed on 2023-06-01 is in the live log only, not in the archives.
        let a = try first.dims("diff", "--since", "2023-06-02", "--until", "2024-12-31")
        let b = try clone.dims("diff", "--since", "2023-06-02", "--until", "2024-12-31")
        #expect(a.stdout == b.stdout, "the archived years answer the same on the clone")
        let historyA = try first.dims(range[0], range[1], range[2], "2023-01-01", "--json").stdout
        let historyB = try clone.dims(range[0], range[1], range[2], "2023-01-01", "--json").stdout
        #expect(historyB.count > 1000 && historyA.hasPrefix(String(historyB.prefix(400))), "same start of history")
        #expect(try clone.dims("archive", "verify").status == 0)
        #expect(try clone.dims("log", "verify").status == 0)
        #expect(try clone.dims("replay", "--check").status == 0)
        #expect(try clone.dims("verify", "--update").status == 0, "new events go on after the archived ones")
        let stats = try clone.dims("log", "stats")
        #expect(stats.stdout.contains("seq 1481"), "\(stats.stdout)")
        #expect(try clone.dims("import").stdout.contains("added 0 events"), "importing again adds nothing")
    }

    /// The help of `dims archive` names the cut-off rule and the verify subcommand.
    @Test func helpNamesTheCutoffAndVerify() throws {
        let project = try TestProject()
        let help = try project.dims("archive", "--help")
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.status == 0)
        #expect(text.contains("Move old events into compressed yearly files in inventory/archive/, keeping their history."), "\(text)")
        #expect(text.contains("verify Check every archive's checksums"))
        #expect(text.contains("the start of the year that is more than database.retention.history_days ago"))
        let bad = try project.dims("archive", "--before", "2025-13-01")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("Invalid --before '2025-13-01': use YYYY-MM-DD"))
    }

    /// The default cut-off is the start of the year that is more than history_days (365) ago.
    @Test func defaultCutoffFollowsHistoryDays() throws {
        let project = try threeYears()
        let dry = try project.dims("archive", "--dry-run")
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("Would archive 2023"), "\(dry.stdout)")
        #expect(!dry.stdout.contains("Would archive 2024"), "\(dry.stdout)")
        #expect(!FileManager.default.fileExists(atPath: project.root + "/inventory/archive"))
    }

    /// A process killed after writing, after verifying, or inside the delete transaction loses and duplicates nothing.
    @Test(arguments: ["write", "verify", "delete"])
    func killedArchiveLosesNothing(step: String) throws {
        let project = try threeYears()
        let before = try outputs(project)
        let killed = try project.dims("archive", "--before", "2025-01-01", environment: ["DIMS_ARCHIVE_CRASH_AFTER": step])
        #expect(killed.status != 0)
        #expect(try project.dims("log", "verify").status == 0)
        let verify = try project.dims("archive", "verify")
        #expect(verify.status == 0, "\(verify.stdout)")
        for (a, b) in zip(before, try outputs(project)) { #expect(a == b) }
        let finish = try project.dims("archive", "--before", "2025-01-01")
        #expect(finish.status == 0, "\(finish.stderr)")
        #expect(finish.stdout.contains("Moved"), "\(finish.stdout)")
        let clean = try project.dims("archive", "verify")
        #expect(clean.status == 0 && !clean.stdout.contains("note:"), "\(clean.stdout)")
        #expect(try outputs(project) == before)
    }

    /// A killed run that was rewriting a year's file (the late 2023 reading joins it) also loses nothing.
    @Test(arguments: ["write", "verify", "delete"])
    func killedRewriteOfAYearLosesNothing(step: String) throws {
        let project = try threeYears()
        #expect(try project.dims("archive", "--before", "2025-01-01").status == 0)
        let before = try outputs(project)
        let killed = try project.dims("archive", "--before", "2026-01-01", environment: ["DIMS_ARCHIVE_CRASH_AFTER": step])
        #expect(killed.status != 0)
        #expect(try project.dims("archive", "verify").status == 0)
        #expect(try outputs(project) == before)
        let finish = try project.dims("archive", "--before", "2026-01-01")
        #expect(finish.stdout.contains("Archived 2023 into inventory/archive/2023.dimslog.z: 741 events"), "\(finish.stdout)")
        #expect(try project.dims("log", "verify").status == 0)
        #expect(try project.dims("archive", "verify").status == 0)
        #expect(try outputs(project) == before)
    }

    /// A damaged archive is named by archive verify (exit 1) and by audit and replay (exit 3).
    @Test(arguments: [true, false])
    func damagedArchiveIsNamedByEveryCommandThatNeedsIt(truncate: Bool) throws {
        let project = try threeYears()
        #expect(try project.dims("archive", "--before", "2025-01-01").status == 0)
        let path = project.root + "/inventory/archive/2024.dimslog.z"
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        if truncate { data = data.prefix(data.count * 2 / 3) } else { data[data.count / 3] ^= 0x10 }
        try data.write(to: URL(fileURLWithPath: path))
        let verify = try project.dims("archive", "verify")
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("❌ The archive 'inventory/archive/2024.dimslog.z' is damaged"), "\(verify.stdout)")
        for command in [["audit", "code_base.file_count"], ["replay", "--check"], ["replay"]] {
            let result = try ProcessRunner.run(ProcessRunner.binary("dims"), command, in: project.root, environment: ["DIMS_NOW": project.now])
            #expect(result.status == 3, "\(command)")
            #expect(result.stderr.contains("'inventory/archive/2024.dimslog.z' is damaged"), "\(command): \(result.stderr)")
        }
        // Commands that read the projections still answer.
        #expect(try project.dims("history", "code_base.file_count", "--since", "2024-01-01").status == 0)
    }
}

// MARK: - Snapshot files

/// `dims snapshot --prune`: the daily window of database.retention.snapshots_daily, and one file per past year.
struct SnapshotPruneTests {
    @Test func pruneKeepsTheDailyWindowAndTheLastFileOfEachPastYear() throws {
        let project = try TestProject()
        var days: [Day] = [Day(year: 2023, month: 3, day: 1), Day(year: 2023, month: 8, day: 15)]
        days += stride(from: 0, to: 366, by: 7).map { Day(year: 2024, month: 1, day: 1).adding(days: $0) }
        days += (0..<273).map { Day(year: 2025, month: 1, day: 1).adding(days: $0) }
        for day in days { project.write("metadata: {snapshot_date: '\(day)'}\n", to: "inventory/historical/\(day).yaml") }
        project.write("notes\n", to: "inventory/historical/README.yaml")
        // 2025-10-01 minus 90 days is 2025-07-03: files from then on stay, the window reaching today.
        project.now = "2025-10-01T09:00:00Z"
        let result = try project.dims("snapshot", "--prune", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let kept = Set(InventoryFolder(project.root).snapshotNames())
        let window = (0..<90).map { "\(Day(year: 2025, month: 7, day: 3).adding(days: $0))" }
        #expect(kept == Set(["2023-08-15", "2024-12-30"] + window + ["README"]), "\(kept.sorted())")
        #expect(result.stdout.contains("\"kept\": \(kept.count - 1)"), "\(result.stdout)")
        let again = try project.dims("snapshot", "--prune")
        #expect(again.stdout.contains("Removed 0 snapshot files"), "\(again.stdout)")
    }
}

/// The file names in a project's `inventory/historical/`, without `.yaml`.
struct InventoryFolder {
    let root: String
    init(_ root: String) { self.root = root }

    func snapshotNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root + "/inventory/historical")) ?? [])
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }
    }
}
