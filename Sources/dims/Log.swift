import ArgumentParser
import DIMSCore
import DIMSStore
import Foundation

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
            commandName: "log",
        abstract: "Check, describe, export and import the event log.",
        subcommands: [VerifyLog.self, Stats.self, Export.self, ImportLog.self])

    struct VerifyLog: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check every record's checksum, the gapless sequence and the indexes.",
            discussion: "Exits 1 when a problem is found; each damaged record is named by its sequence number.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let project = try Project(global)
            guard let log = try project.openLogForReading() else {
                Console.out(global.json ? #"{"events": 0, "problems": []}"# : "The event log is empty")
                return
            }
            let report = try project.store { try log.verify() }
            if global.json {
                Console.json(["events": report.events, "first_seq": report.firstSeq, "last_seq": report.lastSeq, "problems": report.problems])
            } else {
                for problem in report.problems { Console.out("❌ \(problem)") }
                Console.out(report.isClean
                    ? "✅ \(report.events) events (seq \(report.firstSeq)–\(report.lastSeq)): every checksum, the sequence and the indexes are sound"
                    : "\(report.problems.count) problems in \(report.events) events")
            }
            if !report.isClean { throw Status.drift }
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stats", abstract: "Count the events by kind and show the log's size and span.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let project = try Project(global)
            let log = try project.openLogForReading()
            let stats = try log.map { log in try project.store { try log.stats() } } ?? LogStats()
            let archived = try log.map { log in try project.store { try log.archiveCheckpoint() } } ?? ArchiveCheckpoint()
            if global.json {
                Console.json([
                    "events": stats.events, "by_kind": stats.byKind, "first_seq": stats.firstSeq, "last_seq": stats.lastSeq,
                    "first_observed": stats.firstObserved?.iso8601 as Any, "last_observed": stats.lastObserved?.iso8601 as Any,
                    "first_recorded": stats.firstRecorded?.iso8601 as Any, "last_recorded": stats.lastRecorded?.iso8601 as Any,
                    "metrics": stats.metrics, "bytes_on_disk": stats.bytesOnDisk, "bytes_used": stats.bytesUsed,
                    "archived_events": archived.count,
                ])
                return
            }
            Console.out("Event log: \(project.relative(project.storePath))")
            Console.out("Events: \(stats.events) (seq \(stats.firstSeq)–\(stats.lastSeq)), \(stats.metrics) metrics")
            for (kind, count) in stats.byKind.sorted(by: { $0.key < $1.key }) {
                Console.out("  \(kind): \(count)")
            }
            if let first = stats.firstObserved, let last = stats.lastObserved {
                Console.out("Observed: \(first.iso8601) – \(last.iso8601)")
            }
            if let first = stats.firstRecorded, let last = stats.lastRecorded {
                Console.out("Recorded: \(first.iso8601) – \(last.iso8601)")
            }
            Console.out("Size: \(stats.bytesUsed) bytes used, \(stats.bytesOnDisk) bytes on disk")
            if archived.count > 0 {
                let years = archived.years.keys.sorted().map(String.init).joined(separator: ", ")
                Console.out("Archived: \(archived.count) events (seq 1–\(archived.through)) of \(years) in \(project.relative(project.archivePath))/")
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", abstract: "Write every event to a portable, zlib-compressed event stream file.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The file to write.") var file: String

        func run() throws {
            let project = try Project(global)
            guard let log = try project.openLogForReading() else { throw Console.fail("The event log is empty: nothing to export", Status.badInput) }
            let count = try project.store { try log.export(to: file) }
            Console.out(global.json ? #"{"events": \#(count)}"# : "Exported \(count) events to \(file)")
        }
    }

    struct ImportLog: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Add the events of an event stream file that the log does not hold yet.",
            discussion: "Idempotent: events are matched by id, so importing a file twice adds nothing the second time.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The event stream file to read.") var file: String

        func run() throws {
            let project = try Project(global)
            let log = try project.openLog()
            do {
                let result = try log.importStream(from: file)
                if result.unreadable > 0 {
                    Console.err("warning: \(result.unreadable) events are of a kind or version this dims cannot read: kept, and skipped by projections")
                }
                Console.out(global.json ? #"{"read": \#(result.read), "added": \#(result.added)}"#
                                        : "Read \(result.read) events from \(file); added \(result.added) new")
            } catch {
                throw Console.fail(error.message, error.code == .corruptStream || error.code == .io ? Status.badInput : Status.store)
            }
        }
    }
}
