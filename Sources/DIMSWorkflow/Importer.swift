public import DIMSCore
import DIMSInventory
public import DIMSStore
import Foundation
import DIMSSystem

/// Keeps the log and the committed files in step: whatever changed `metrics.yaml` or a `historical/*.yaml`
/// (a teammate's dims, the original tool, a hand edit, a merge) reaches the log as events, with its author and time.
///
/// A file is re-read only when its content hash differs from the one the log's meta keeps for it (`FileStamp`).
/// Every event taken from a file has an id derived from its content, so the same file read twice, or on two
/// machines, gives the same events. Ordering by observed time means a pulled older baseline never overrides a
/// newer local one. Into an empty log, the committed yearly archives come first.
public struct Importer {
    public let project: Project
    public let config: InventoryConfig

    public init(project: Project, config: InventoryConfig) {
        self.project = project
        self.config = config
    }

    /// What a command may do to the files while it syncs.
    public enum Mode {
        /// Reading commands and plain `verify`: change no tracked file, except to finish a write a crash cut short.
        case read
        /// Commands that move baselines or write files: also rewrite entries where the log is newer than the file.
        case write
        /// `update`: as `write`, and a corrupt metrics.yaml is kept aside and rebuilt from the log instead of refused.
        case rebuild
    }

    /// The inventory files: each one's path relative to the project root, the hash of its bytes, and its text when the
    /// scan read it (a file the scan record vouches for is not read; `text(_:)` reads it when it is needed).
    public struct Files {
        public var entries: [Entry]
        public var isEmpty: Bool { entries.isEmpty }

        public struct Entry {
            public var path: String
            public var hash: UInt64
            var text: InventoryText?
            let systemPath: String
        }
    }

    public static let metricsName = "inventory/metrics.yaml"

    /// The hashes of metrics.yaml and every snapshot file; parses nothing, and reads only the files whose `stat`
    /// signature differs from the one the scan record keeps (`ScanRecord`), which it then brings up to date.
    public func scan() throws -> Files {
        let paths = InventoryPaths(root: project.root)
        var wanted = [(Importer.metricsName, paths.metrics)]
        for day in paths.snapshotDays() { wanted.append(("inventory/historical/\(day).yaml", paths.snapshot(for: day))) }
        let store = project.storePath
        let recorded = ScanRecord.load(store: store)
        var record = ScanRecord()
        var entries: [Files.Entry] = []
        for (name, path) in wanted {
            let signature = ScanRecord.Signature(path: path)
            if let signature, let known = recorded.entries[name], known.signature == signature {
                entries.append(Files.Entry(path: name, hash: known.hash, text: nil, systemPath: path))
                record.entries[name] = known
                continue
            }
            guard let text = try read(path, naming: name) else { continue }
            entries.append(Files.Entry(path: name, hash: text.hash, text: text, systemPath: path))
            if let signature { record.entries[name] = ScanRecord.Entry(signature: signature, hash: text.hash) }
        }
        if record != recorded, FileManager.default.fileExists(atPath: store) { record.write(store: store) }
        return Files(entries: entries)
    }

    /// The text of a scanned file, read now when the scan did not; a file that changed since the scan gives its new
    /// text (and hash).
    func text(_ entry: Files.Entry) throws -> InventoryText {
        if let text = entry.text { return text }
        guard let text = try read(entry.systemPath, naming: entry.path) else {
            throw DIMSError(.badInput, "The file disappeared while dims read the inventory", file: entry.path)
        }
        return text
    }

    /// Whether the log already reflects `files`: none changed since dims last read or wrote them, and metrics.yaml
    /// is not behind a baseline the log moved.
    public func isCurrent(_ files: Files, in log: EventLog) throws -> Bool {
        let stamps = try project.store { try log.fileStamps() }
        guard files.entries.allSatisfy({ stamps[$0.path]?.hash == $0.hash }) else { return false }
        return try !metricsBehind(stamps[Importer.metricsName], log: log, present: files.entries.contains { $0.path == Importer.metricsName })
    }

    /// Brings the log up to date with `files`; returns (files read, events added). A malformed file exits 2 and
    /// nothing in the log moves. With `force`, every file is read again (`dims import`).
    @discardableResult
    public func sync(_ files: Files, into log: EventLog, mode: Mode, force: Bool = false) throws -> (files: Int, added: Int) {
        let stored = try project.store { try log.fileStamps() }
        var stamps = stored
        let adopted = try project.store { try log.lastSeq() } == 0 ? try project.store { try log.adoptArchives(in: project.archivePath) } : 0
        var events: [LoggedEvent] = []
        var read = 0
        var metricsDocument: MetricsDocument?
        var rebuild = false
        // The texts read here, which may differ from the scan's hashes when a file changed in between.
        var texts: [String: InventoryText] = [:]
        for entry in files.entries where force || stamps[entry.path]?.hash != entry.hash {
            let path = entry.path
            let text = try self.text(entry)
            texts[path] = text
            let document: MetricsDocument
            do {
                document = try MetricsDocument(text: text.text, file: path)
            } catch {
                guard mode == .rebuild, path == Importer.metricsName else { throw DIMSError(.badInput, error.message, file: path) }
                try keepAside(text, error: error)
                rebuild = true
                continue
            }
            read += 1
            let author = FileAuthor(project: project, path: path)
            if path == Importer.metricsName {
                metricsDocument = document
                events += try metricsEvents(document, hash: text.hash, author: author, log: log)
            } else if let day = Day(String(path.dropFirst("inventory/historical/".count).dropLast(5))) {
                events += snapshotEvents(document, day: day, path: path, author: author)
            }
        }
        let added = try project.store { try log.append(events) }
        let seq = try project.store { try log.lastSeq() }
        let previous = stamps[Importer.metricsName]
        let present = Set(files.entries.map(\.path))
        stamps = stamps.filter { present.contains($0.key) }
        // A file read now is stamped as of this seq; an unchanged one keeps its stamp (a metrics.yaml whose baselines
        // are all at or before its stamp reflects the log as well as it did), so a run that changed no file writes
        // no stamps. A metrics.yaml known to disagree is looked at again below.
        for entry in files.entries {
            let hash = texts[entry.path]?.hash ?? entry.hash
            guard force || stamps[entry.path]?.hash != hash || stamps[entry.path]?.seq == Importer.disagreeing else { continue }
            stamps[entry.path] = FileStamp(hash: hash, seq: seq)
        }

        let writer = MetricsFileWriter(project: project, config: config)
        let metricsEntry = files.entries.first { $0.path == Importer.metricsName }
        var rewrite = false
        if rebuild {
            stamps[Importer.metricsName] = nil
            rewrite = true
        } else if let metricsEntry, metricsDocument != nil || previous?.seq == Importer.disagreeing {
            // The file changed, or it still holds values the log has newer baselines for: say so every time.
            let document = try metricsDocument ?? MetricsDocument(text: try (texts[metricsEntry.path] ?? text(metricsEntry)).text, file: Importer.metricsName)
            let behind = try disagreements(document, log: log)
            for line in behind { Console.err("dims: warning: \(line)") }
            if !behind.isEmpty && mode == .read { stamps[Importer.metricsName]?.seq = Importer.disagreeing }
            rewrite = !behind.isEmpty && mode != .read
        } else if metricsEntry != nil {
            // A crash between a commit and the rewrite of the file.
            rewrite = try metricsBehind(previous, log: log, present: true)
        } else {
            // A missing file: a writing command brings it back.
            rewrite = mode != .read
        }
        // Until the rewrite succeeds, the file's stamp stays behind, so that a failed write is retried next time.
        if rewrite && !rebuild { stamps[Importer.metricsName] = previous }
        if stamps != stored { try project.store { try log.setFileStamps(stamps) } }
        if rewrite { try writer.write(from: log, rebuilding: rebuild) }
        return (read + (adopted > 0 ? 1 : 0), added.count + adopted)
    }

    /// The stamp seq of a metrics.yaml known to hold values older than the log's baselines.
    public static let disagreeing = UInt64.max

    // MARK: - Events from files

    private func metricsEvents(_ document: MetricsDocument, hash: UInt64, author: FileAuthor, log: EventLog) throws -> [LoggedEvent] {
        let states = try project.store { try log.currentStates() }
        let now = project.clock.now()
        let metricsPath = InventoryPaths(root: project.root).metrics
        let fileTime = document[metadata: "last_updated"]?.string.flatMap(Timestamp.parse) ?? modified(metricsPath) ?? now
        let fileVerifier = document[metadata: "verified_by"]?.string.flatMap { $0 == MetricsFileWriter.marker ? nil : $0 }
        var events: [LoggedEvent] = []
        for path in document.paths {
            guard let entry = document[path], let value = entry.value else { continue }
            let baseline = states[path]?.baseline
            if baseline?.value == value { continue }
            let time = entry.lastVerified ?? fileTime
            let known = try project.store { try log.baselines(of: path, from: time, to: time) }
            if known.contains(where: { $0.value == value }) { continue }
            let base = "metrics.yaml|\(path)|\(value)|\(time.micros)"
            if !known.isEmpty {
                // The file kept the time of a move the log knows but not its value: edited by hand.
                events.append(LoggedEvent(id: .derived(from: base + "|edit"), recorded: now, observed: now, actor: author.editor,
                                          event: .baselineSet(BaselineChange(metric: path, previous: baseline?.value, value: value, reason: .file))))
                continue
            }
            let actor = Importer.actor(entry["updated_by"]?.string) ?? author.committer ?? Importer.actor(fileVerifier) ?? project.actor
            let reason = entry["baseline_reason"]?.string.flatMap(BaselineReason.init(name:)) ?? (baseline == nil ? .import : .file)
            let previous = baseline.flatMap { $0.observed <= time ? $0.value : nil }
            events.append(LoggedEvent(id: .derived(from: base + "|measured"), recorded: now, observed: time, actor: actor,
                                      event: .measured(Reading(metric: path, value: value, source: .imported, fromCache: entry.cached ?? false))))
            events.append(LoggedEvent(id: .derived(from: base + "|baseline"), recorded: now, observed: time, actor: actor,
                                      event: .baselineSet(BaselineChange(metric: path, previous: previous, value: value, reason: reason))))
        }
        if !events.isEmpty {
            events.append(LoggedEvent(id: .derived(from: "imported|metrics.yaml|\(hash)"), recorded: now, observed: fileTime,
                                      actor: project.actor, event: .imported(what: "metrics.yaml", from: Importer.metricsName)))
        }
        return events
    }

    private func snapshotEvents(_ document: MetricsDocument, day: Day, path: String, author: FileAuthor) -> [LoggedEvent] {
        let now = project.clock.now()
        let stamp = document[metadata: "last_updated"]?.string.flatMap(Timestamp.parse)
        let time = stamp.flatMap { $0.day == day ? $0 : nil } ?? day.start.adding(hours: 12)
        let actor = author.committer ?? project.actor
        var events: [LoggedEvent] = []
        for metric in document.paths {
            guard let value = document[metric]?.value else { continue }
            events.append(LoggedEvent(id: .derived(from: "historical|\(day)|\(metric)|\(value)"), recorded: now, observed: time, actor: actor,
                                      event: .measured(Reading(metric: metric, value: value, source: .imported))))
        }
        events.append(LoggedEvent(id: .derived(from: "imported|historical|\(day)"), recorded: now, observed: time, actor: project.actor,
                                  event: .imported(what: "snapshot \(day)", from: path)))
        return events
    }

    /// A name from a file as an actor: one short line of printable text (`alice@laptop`), else nil.
    public static func actor(_ text: String?) -> String? {
        guard let text, !text.isEmpty, text.count <= 200,
              !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" })
        else { return nil }
        return text
    }

    // MARK: - Files behind the log

    /// Metrics whose value in the file is not the log's baseline (a newer one won), as warnings.
    private func disagreements(_ document: MetricsDocument, log: EventLog) throws -> [String] {
        let states = try project.store { try log.currentStates() }
        return document.paths.compactMap { path in
            guard let value = document[path]?.value, let baseline = states[path]?.baseline, baseline.value != value else { return nil }
            return "\(Importer.metricsName) says \(path) is \(value) but the log has a newer baseline, \(baseline.value) "
                + "(set \(baseline.observed.iso8601) by \(baseline.actor)); 'dims verify --update' or 'dims update' writes it to the file"
        }
    }

    /// Whether the log moved a baseline after the seq metrics.yaml reflects (a crash cut the rewrite short).
    private func metricsBehind(_ stamp: FileStamp?, log: EventLog, present: Bool) throws -> Bool {
        guard present, let stamp else { return false }
        if stamp.seq == Importer.disagreeing { return true }
        let states = try project.store { try log.currentStates() }
        return states.values.contains { ($0.baseline?.seq ?? 0) > stamp.seq }
    }

    /// Keeps a corrupt metrics.yaml beside the new one, as `metrics.yaml.corrupt-YYYYMMDDTHHMMSS`.
    private func keepAside(_ text: InventoryText, error: InventoryFileError) throws {
        let stamp = String(project.clock.now().iso8601.prefix(19).filter { $0 != "-" && $0 != ":" })
        let copy = InventoryPaths(root: project.root).metrics + ".corrupt-" + stamp
        do {
            try InventoryText.write(text.text, to: copy)
        } catch {
            throw DIMSError(.output, error.message, file: project.relative(copy))
        }
        Console.err("dims: warning: \(error.message)")
        Console.err("dims: warning: kept the corrupt file as \(project.relative(copy)); writing a new \(Importer.metricsName) from the log")
    }

    private func read(_ path: String, naming name: String) throws -> InventoryText? {
        do {
            return try InventoryText.read(path: path, naming: name)
        } catch {
            throw DIMSError(.badInput, error.message, file: name)
        }
    }

    private func modified(_ path: String) -> Timestamp? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date).map(Timestamp.init)
    }
}

extension BaselineReason {
    /// The reason `description` names (`update`, `verify --update`, `file`, ...).
    public init?(name: String) {
        guard let reason = BaselineReason.allCases.first(where: { $0.description == name }) else { return nil }
        self = reason
    }
}
