public import DIMSCore
public import DIMSInventory
public import DIMSStore
public import Foundation

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

    /// The texts of the inventory files, by path relative to the project root.
    public struct Files {
        public var texts: [(path: String, text: InventoryText)]
        public var isEmpty: Bool { texts.isEmpty }
    }

    public static let metricsName = "inventory/metrics.yaml"

    /// Reads the texts of metrics.yaml and every snapshot file; cheap, parses nothing.
    public func scan() throws -> Files {
        let paths = InventoryPaths(root: project.root)
        var texts: [(String, InventoryText)] = []
        if let text = try read(paths.metrics, naming: Importer.metricsName) { texts.append((Importer.metricsName, text)) }
        for day in paths.snapshotDays() {
            let name = "inventory/historical/\(day).yaml"
            if let text = try read(paths.snapshot(for: day), naming: name) { texts.append((name, text)) }
        }
        return Files(texts: texts)
    }

    /// Whether the log already reflects `files`: none changed since dims last read or wrote them, and metrics.yaml
    /// is not behind a baseline the log moved.
    public func isCurrent(_ files: Files, in log: EventLog) throws -> Bool {
        let stamps = try project.store { try log.fileStamps() }
        guard files.texts.allSatisfy({ stamps[$0.path]?.hash == $0.text.hash }) else { return false }
        return try !metricsBehind(stamps[Importer.metricsName], log: log, present: files.texts.contains { $0.path == Importer.metricsName })
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
        for (path, text) in files.texts where force || stamps[path]?.hash != text.hash {
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
        let present = Set(files.texts.map(\.path))
        stamps = stamps.filter { present.contains($0.key) }
        // A file read now is stamped as of this seq; an unchanged one keeps its stamp (a metrics.yaml whose baselines
        // are all at or before its stamp reflects the log as well as it did), so a run that changed no file writes
        // no stamps. A metrics.yaml known to disagree is looked at again below.
        for (path, text) in files.texts where force || stamps[path]?.hash != text.hash || stamps[path]?.seq == Importer.disagreeing {
            stamps[path] = FileStamp(hash: text.hash, seq: seq)
        }

        let writer = MetricsFileWriter(project: project, config: config)
        let metrics = files.texts.first { $0.path == Importer.metricsName }?.text
        var rewrite = false
        if rebuild {
            stamps[Importer.metricsName] = nil
            rewrite = true
        } else if let metrics, metricsDocument != nil || previous?.seq == Importer.disagreeing {
            // The file changed, or it still holds values the log has newer baselines for: say so every time.
            let document = try metricsDocument ?? MetricsDocument(text: metrics.text, file: Importer.metricsName)
            let behind = try disagreements(document, log: log)
            for line in behind { Console.err("dims: warning: \(line)") }
            if !behind.isEmpty && mode == .read { stamps[Importer.metricsName]?.seq = Importer.disagreeing }
            rewrite = !behind.isEmpty && mode != .read
        } else if metrics != nil {
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
