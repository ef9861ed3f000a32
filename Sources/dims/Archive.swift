import ArgumentParser
import DIMSCore
import DIMSStore
import Foundation
import DIMSWorkflow

struct Archive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Move old events into compressed yearly files in inventory/archive/, keeping their history.",
        discussion: """
            Events observed before the cut-off move, whole calendar years at a time, into inventory/archive/YYYY.dimslog.z; \
            history, diff, snapshot, audit and replay read the archives as before. The default cut-off is the start of the \
            year that is more than database.retention.history_days ago. Commit the archive folder: it is part of the history.
            """,
        subcommands: [Run.self, VerifyArchives.self],
        defaultSubcommand: Run.self)

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Archive the events observed before the cut-off (the default subcommand).",
            discussion: "Test hook: DIMS_ARCHIVE_CRASH_AFTER=write|verify|delete ends the process at that step (delete: before its transaction commits).")

        @OptionGroup var global: GlobalOptions

        @Option(help: "Archive the years before the one holding this date (YYYY-MM-DD).")
        var before: String?

        @Flag(help: "Say what would move without writing or removing anything.")
        var dryRun = false

        func run() throws {
            let project = try Project(global)
            let config = try project.config()
            let now = project.clock.now()
            var year = now.day.adding(days: -config.historyDays).year
            if let before { year = try project.day(before, option: "--before").year }
            let cutoff = Day(year: year, month: 1, day: 1).start
            guard FileManager.default.fileExists(atPath: project.storePath + "/data.mdb") else {
                global.json ? Console.answer(ArchiveAnswer(cutoff: Day(year: year, month: 1, day: 1), dryRun: dryRun)) : Console.out("The event log is empty: nothing to archive")
                return
            }
            let log = try project.openLog()
            // Events leave the live log here: push them first (offline, the next push reads them from the archives).
            if !dryRun { try project.pushToTeam(config: config, from: log) }
            let crashAt = project.environment["DIMS_ARCHIVE_CRASH_AFTER"].flatMap(ArchiveStep.init(rawValue:))
            let started = Date()
            let summary = try project.store {
                try log.archive(before: cutoff, into: project.archivePath, dryRun: dryRun) { step in
                    if step == crashAt { abort() }
                }
            }
            let seconds = Date().timeIntervalSince(started)
            if global.json {
                Console.answer(ArchiveAnswer(cutoff: Day(year: year, month: 1, day: 1), dryRun: dryRun, summary: summary, seconds: seconds, project: project))
                return
            }
            guard summary.events > 0 else {
                Console.out("Nothing to archive: no event observed before \(cutoff.day) is left in the live log")
                return
            }
            for file in summary.files {
                let size = dryRun ? "" : " (\(file.bytes) bytes)"
                Console.out("\(dryRun ? "Would archive" : "Archived") \(file.year) into \(project.relative(file.path)): \(file.events) events\(size)")
            }
            if dryRun {
                Console.out("Would move \(summary.events) events (seq \(summary.firstSeq)–\(summary.lastSeq)) observed before \(cutoff.day)")
            } else {
                Console.out("Moved \(summary.events) events (seq \(summary.firstSeq)–\(summary.lastSeq)) observed before \(cutoff.day) out of the live log in \(String(format: "%.2f", seconds)) s")
            }
        }
    }

    struct VerifyArchives: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check every archive's checksums, and that archives and live log hold each event exactly once.",
            discussion: "Exits 1 when a problem is found, naming the file or the events concerned.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let project = try Project(global)
            guard let log = try project.openLogForReading() else {
                global.json ? Console.answer(ArchiveVerifyAnswer(archivedThrough: 0)) : Console.out("The event log is empty: no archives to check")
                return
            }
            let report = try project.store { try log.verifyArchives(in: project.archivePath) }
            let problems = report.problems.map { $0.replacingOccurrences(of: project.root + "/", with: "") }
            let notes = report.notes.map { $0.replacingOccurrences(of: project.root + "/", with: "") }
            if global.json {
                Console.answer(ArchiveVerifyAnswer(archivedThrough: report.checkpoint.through, problems: problems, notes: notes,
                                                   files: report.files.map { ArchiveFileAnswer($0, project: project) }))
            } else {
                for file in report.files {
                    Console.out("\(project.relative(file.path)): \(file.events) events (seq \(file.firstSeq)–\(file.lastSeq)), \(file.bytes) bytes")
                }
                for note in notes { Console.out("note: \(note)") }
                for problem in problems { Console.out("❌ \(problem)") }
                Console.out(report.isClean
                    ? "✅ \(report.checkpoint.through) archived events in \(report.files.count) files: every checksum is sound, and archives and live log hold each event once"
                    : "\(problems.count) problems in the archives")
            }
            if !report.isClean { throw Status.drift }
        }
    }
}

/// One archive file in an answer: its year, path, events, seq range and size.
struct ArchiveFileAnswer: Encodable {
    let year: Int
    let path: String
    let events: Int
    let firstSeq: UInt64
    let lastSeq: UInt64
    let bytes: Int

    init(_ file: ArchiveFileSummary, project: Project) {
        year = file.year
        path = project.relative(file.path)
        events = file.events
        firstSeq = file.firstSeq
        lastSeq = file.lastSeq
        bytes = file.bytes
    }

    enum CodingKeys: String, CodingKey {
        case year, path, events, firstSeq = "first_seq", lastSeq = "last_seq", bytes
    }
}

/// `archive --json`: the cut-off, what moved (or would move with `--dry-run`) and the files written.
struct ArchiveAnswer: Encodable {
    let cutoff: String
    let dryRun: Bool
    var events = 0
    var firstSeq: UInt64 = 0
    var lastSeq: UInt64 = 0
    var freedBytes = 0
    var rawBytes = 0
    var seconds = 0.0
    var files: [ArchiveFileAnswer] = []

    /// Nothing to archive: an empty log.
    init(cutoff: Day, dryRun: Bool) {
        self.cutoff = cutoff.description
        self.dryRun = dryRun
    }

    init(cutoff: Day, dryRun: Bool, summary: ArchiveSummary, seconds: Double, project: Project) {
        self.init(cutoff: cutoff, dryRun: dryRun)
        events = summary.events
        firstSeq = summary.firstSeq
        lastSeq = summary.lastSeq
        freedBytes = summary.freedBytes
        rawBytes = summary.rawBytes
        self.seconds = seconds
        files = summary.files.map { ArchiveFileAnswer($0, project: project) }
    }

    enum CodingKeys: String, CodingKey {
        case cutoff, dryRun = "dry_run", events, firstSeq = "first_seq", lastSeq = "last_seq", freedBytes = "freed_bytes"
        case rawBytes = "raw_bytes", seconds, files
    }
}

/// `archive verify --json`: the archived prefix, problems, notes and each archive file.
struct ArchiveVerifyAnswer: Encodable {
    let archivedThrough: UInt64
    var problems: [String] = []
    var notes: [String] = []
    var files: [ArchiveFileAnswer] = []

    enum CodingKeys: String, CodingKey {
        case archivedThrough = "archived_through", problems, notes, files
    }
}
