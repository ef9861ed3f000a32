import DIMSCore
import DIMSInventory
import DIMSStore
import Foundation

/// Brings the original system's `metrics.yaml` and `historical/*.yaml` into the log, with their own dates; into an
/// empty log, the committed yearly archives first.
///
/// Idempotent: every imported event's id is derived from the file, metric and value, so importing twice adds
/// nothing. Files dims wrote itself (`verified_by: dims`) are projections of a log: they are imported into an
/// empty log (a fresh clone carries its baselines and history in them) and skipped otherwise.
struct Importer {
    let project: Project
    let config: InventoryConfig

    static let marker = "dims"

    /// Imports when the log is empty: the first use of dims in a project.
    func importIfFirstUse(into log: EventLog) throws {
        guard try project.store({ try log.lastSeq() }) == 0 else { return }
        _ = try importAll(into: log)
    }

    /// Imports every file; returns (files read, events added). A malformed file exits 2 and adds nothing.
    func importAll(into log: EventLog) throws -> (files: Int, added: Int) {
        var events: [LoggedEvent] = []
        var files = 0
        let emptyLog = try project.store { try log.lastSeq() } == 0
        // A fresh clone: the committed yearly archives come first, as the start of the log.
        let adopted = emptyLog ? try project.store { try log.adoptArchives(in: project.archivePath) } : 0
        let isOurs = { (document: MetricsDocument) in !emptyLog && self.isOurs(document) }
        let paths = InventoryPaths(root: project.root)
        let now = project.clock.now()
        if let document = try read(paths.metrics), !isOurs(document) {
            files += 1
            let states = try project.store { try log.currentStates() }
            let fileTime = document[metadata: "last_updated"]?.string.flatMap(Timestamp.parse) ?? modified(paths.metrics) ?? now
            for path in document.paths {
                guard let entry = document[path], let value = entry.value else { continue }
                let time = entry.lastVerified ?? fileTime
                if let baseline = states[path]?.baseline, baseline.observed >= time { continue }
                let base = "metrics.yaml|\(path)|\(value)|\(time.micros)"
                events.append(LoggedEvent(id: .derived(from: base + "|measured"), recorded: now, observed: time, actor: project.actor,
                                          event: .measured(Reading(metric: path, value: value, source: "import", fromCache: entry.cached ?? false))))
                events.append(LoggedEvent(id: .derived(from: base + "|baseline"), recorded: now, observed: time, actor: project.actor,
                                          event: .baselineSet(BaselineChange(metric: path, previous: nil, value: value, reason: .import))))
            }
            events.append(LoggedEvent(id: .derived(from: "imported|metrics.yaml|\(fileTime.micros)|\(document.paths.count)"), recorded: now,
                                      observed: fileTime, actor: project.actor, event: .imported(what: "metrics.yaml", from: project.relative(paths.metrics))))
        }
        for day in paths.snapshotDays() {
            let file = paths.snapshot(for: day)
            guard let document = try read(file), !isOurs(document) else { continue }
            files += 1
            let stamp = document[metadata: "last_updated"]?.string.flatMap(Timestamp.parse)
            let time = stamp.flatMap { $0.day == day ? $0 : nil } ?? day.start.adding(hours: 12)
            for path in document.paths {
                guard let value = document[path]?.value else { continue }
                events.append(LoggedEvent(id: .derived(from: "historical|\(day)|\(path)|\(value)"), recorded: now, observed: time, actor: project.actor,
                                          event: .measured(Reading(metric: path, value: value, source: "import"))))
            }
            events.append(LoggedEvent(id: .derived(from: "imported|historical|\(day)"), recorded: now, observed: time, actor: project.actor,
                                      event: .imported(what: "snapshot \(day)", from: project.relative(file))))
        }
        let added = try project.store { try log.append(events) }
        if added.contains(where: { if case .baselineSet = $0.event { true } else { false } }) {
            try MetricsFileWriter(project: project, config: config).write(from: log)
        }
        return (files + (adopted > 0 ? 1 : 0), added.count + adopted)
    }

    private func read(_ path: String) throws -> MetricsDocument? {
        do {
            return try MetricsDocument.read(path: path)
        } catch {
            throw Console.fail(error.message, Status.badInput)
        }
    }

    private func isOurs(_ document: MetricsDocument) -> Bool {
        document[metadata: "verified_by"]?.string == Importer.marker
    }

    private func modified(_ path: String) -> Timestamp? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date).map(Timestamp.init)
    }
}
