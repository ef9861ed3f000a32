import ArgumentParser
import DIMSCore
import DIMSStore
import Foundation
import DIMSWorkflow

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
            commandName: "log",
        abstract: "Check, describe, export and import the event log.",
        subcommands: [VerifyLog.self, Stats.self, Export.self, ImportLog.self, SalvageLog.self])

    struct VerifyLog: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check every page, every record's checksum, the gapless sequence, the indexes and the projections.",
            discussion: """
                Exits 1 when a problem is found, naming the page, the event by its sequence number, or the projection \
                by database and key. The store is walked in a child process, so damage that makes liblmdb fault is \
                reported instead of ending dims; until the store is salvaged, writing commands refuse it (exit 3).
                """)

        @OptionGroup var global: GlobalOptions
        /// Set in the child process that walks the store with liblmdb.
        @Flag(help: .private) var walk = false

        func run() throws {
            let project = try Project(global)
            if walk {
                // The child: its report as JSON on stdout, where it is on stderr.
                guard let log = try project.openLogForReading(checked: false) else { return Console.answer(StoreWalk()) }
                let report = try project.store { try log.verify { Console.err("at \($0)") } }
                return Console.answer(StoreWalk(events: report.events, firstSeq: report.firstSeq, lastSeq: report.lastSeq, problems: report.problems))
            }
            // Damaged meta pages would send liblmdb to the wrong pages: the store is not opened at all.
            let metaProblems = EventLog.metaProblems(directory: project.storePath)
            var walked = StoreWalk()
            var problems = metaProblems
            if metaProblems.isEmpty {
                guard let log = try project.openLogForReading(checked: false) else {
                    global.json ? Console.answer(StoreWalk()) : Console.out("The event log is empty")
                    return
                }
                problems = try project.store { try log.pageProblems() }
                walked = try StoreWalk.run(project)
                for problem in walked.problems where !problems.contains(problem) { problems.append(problem) }
            }
            if let first = problems.first {
                EventLog.markDamaged(directory: project.storePath, problem: first)
            } else {
                EventLog.clearDamaged(directory: project.storePath)
            }
            if global.json {
                Console.answer(StoreWalk(events: walked.events, firstSeq: walked.firstSeq, lastSeq: walked.lastSeq, problems: problems))
            } else {
                for problem in problems { Console.out("❌ \(problem)") }
                Console.out(problems.isEmpty
                    ? "✅ \(walked.events) events (seq \(walked.firstSeq)–\(walked.lastSeq)): every page, checksum, the sequence, the indexes and the projections are sound"
                    : "\(problems.count) problems in \(walked.events) events; writing commands refuse the store until 'dims log salvage' rebuilds it")
            }
            if !problems.isEmpty { throw Status.drift }
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
                Console.answer(StatsAnswer(stats, archivedEvents: archived.count))
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
            guard let log = try project.openLogForReading() else { throw DIMSError(.badInput, "The event log is empty: nothing to export") }
            let count = try project.store { try log.export(to: file) }
            if global.json { Console.answer(ExportAnswer(events: count)) } else { Console.out("Exported \(count) events to \(file)") }
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
                if global.json {
                    Console.answer(LogImportAnswer(read: result.read, added: result.added))
                } else {
                    Console.out("Read \(result.read) events from \(file); added \(result.added) new")
                }
            } catch {
                throw DIMSError(error.code == .corruptStream || error.code == .io ? .badInput : .store, error.message)
            }
        }
    }

    struct SalvageLog: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "salvage",
            abstract: "Build a new event log from every intact event of a damaged one, and report what was lost.",
            discussion: """
                Reads the damaged store's pages directly (never through liblmdb), keeps every record whose checksum \
                holds, adopts the yearly archives, and folds the projections again. Without --to, the new store \
                takes the place of inventory/.dims and the damaged one is kept aside as inventory/.dims.damaged-TIME; \
                it is never deleted. When no event was lost, the stamps of the inventory files and the team log's marks \
                are carried over, so the files are not imported again. Exits 1 when events were lost, 3 when the new \
                store cannot be written.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "Write the new store into this folder and leave the damaged one in place.") var to: String?

        func validate() throws {
            if let to, FileManager.default.fileExists(atPath: to + "/data.mdb") {
                throw ValidationError("'\(to)' already holds a store; give an empty or new folder")
            }
        }

        func run() throws {
            let project = try Project(global)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: project.storePath, isDirectory: &isFolder), isFolder.boolValue else {
                throw DIMSError(.badInput, "There is no event log at '\(project.relative(project.storePath))' to salvage")
            }
            let stamp = project.clock.now().iso8601.filter { $0.isNumber || $0 == "T" || $0 == "Z" }
            let destination = to ?? project.inventory + "/.dims.salvage-\(getpid())"
            let report = try project.store {
                try Salvage.run(from: project.storePath, archives: project.archivePath, to: destination)
            }
            var aside: String?
            if to == nil {
                let kept = project.inventory + "/.dims.damaged-\(stamp)"
                guard rename(project.storePath, kept) == 0 else {
                    throw DIMSError(.store, "Cannot move the damaged store aside to '\(project.relative(kept))': \(String(cString: strerror(errno))); the salvaged store is in '\(project.relative(destination))'")
                }
                guard rename(destination, project.storePath) == 0 else {
                    throw DIMSError(.store, "Cannot move the salvaged store into place: \(String(cString: strerror(errno))); it is in '\(project.relative(destination))', the damaged one in '\(project.relative(kept))'")
                }
                aside = kept
            }
            let lost = report.lost.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)" }
            if global.json {
                Console.answer(SalvageAnswer(archived: report.archived, recovered: report.recovered, fromLoosePages: report.fromLoosePages,
                                             damagedRecords: report.damagedRecords, lost: lost, problems: report.problems, carried: report.carried,
                                             store: project.relative(to ?? project.storePath), damagedStore: aside.map(project.relative)))
            } else {
                for problem in report.problems { Console.out("❌ \(problem)") }
                Console.out("Recovered \(report.recovered) events from the damaged store's pages (\(report.fromLoosePages) from pages its tree no longer reaches) and \(report.archived) from the archives")
                if report.damagedRecords > 0 { Console.out("\(report.damagedRecords) damaged records were left out") }
                Console.out(lost.isEmpty ? "No event is lost" : "Lost: events \(lost.joined(separator: ", ")) (numbered as in the damaged store)")
                Console.out(report.carried.contains("files")
                    ? "The stamps of the inventory files were carried over: they are not imported again"
                    : "The inventory files will be read again by the next command, to give back what they hold")
                Console.out("New store: \(project.relative(to ?? project.storePath))")
                if let aside { Console.out("The damaged store is kept in \(project.relative(aside))") }
            }
            if !report.lost.isEmpty { throw Status.drift }
        }
    }
}

/// `log export --json`: how many events the file holds.
struct ExportAnswer: Encodable {
    let events: Int
}

/// `log import --json`: the events read from the file and those the log did not hold yet.
struct LogImportAnswer: Encodable {
    let read: Int
    let added: Int
}

/// `log stats --json`: the counts, span and size of the log; times ISO 8601, or null for an empty log.
struct StatsAnswer: Encodable {
    let events: Int
    let byKind: [String: Int]
    let firstSeq: UInt64
    let lastSeq: UInt64
    let firstObserved: String?
    let lastObserved: String?
    let firstRecorded: String?
    let lastRecorded: String?
    let metrics: Int
    let bytesOnDisk: Int
    let bytesUsed: Int
    let archivedEvents: Int

    init(_ stats: LogStats, archivedEvents: Int) {
        events = stats.events
        byKind = stats.byKind
        firstSeq = stats.firstSeq
        lastSeq = stats.lastSeq
        firstObserved = stats.firstObserved?.iso8601
        lastObserved = stats.lastObserved?.iso8601
        firstRecorded = stats.firstRecorded?.iso8601
        lastRecorded = stats.lastRecorded?.iso8601
        metrics = stats.metrics
        bytesOnDisk = stats.bytesOnDisk
        bytesUsed = stats.bytesUsed
        self.archivedEvents = archivedEvents
    }

    enum CodingKeys: String, CodingKey {
        case events, byKind = "by_kind", firstSeq = "first_seq", lastSeq = "last_seq", firstObserved = "first_observed"
        case lastObserved = "last_observed", firstRecorded = "first_recorded", lastRecorded = "last_recorded", metrics
        case bytesOnDisk = "bytes_on_disk", bytesUsed = "bytes_used", archivedEvents = "archived_events"
    }
}

/// `log salvage --json`: where the events came from, what was lost (seq ranges), and where each store now is.
struct SalvageAnswer: Encodable {
    let archived: Int
    let recovered: Int
    let fromLoosePages: Int
    let damagedRecords: Int
    let lost: [String]
    let problems: [String]
    /// The records of `meta` carried over: the inventory files' stamps (`files`) and the marks.
    let carried: [String]
    let store: String
    let damagedStore: String?

    enum CodingKeys: String, CodingKey {
        case archived, recovered, fromLoosePages = "from_loose_pages", damagedRecords = "damaged_records", lost, problems
        case carried, store, damagedStore = "damaged_store"
    }
}
