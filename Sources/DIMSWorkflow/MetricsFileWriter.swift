public import DIMSCore
public import DIMSInventory
public import DIMSStore
public import Foundation

/// Writes `inventory/metrics.yaml` and snapshot files as projections of the log, keeping every key dims does not own.
///
/// A rewrite of metrics.yaml touches only the entries whose baseline differs from the file, and writes their times
/// in the file's own format: the diff a reviewer sees is the change. Each written file's hash goes into the log's
/// meta, so the next command knows the file is its own.
public struct MetricsFileWriter {
    public let project: Project
    public let config: InventoryConfig

    public init(project: Project, config: InventoryConfig) {
        self.project = project
        self.config = config
    }

    /// `verified_by` of a metrics.yaml dims created.
    public static let marker = "dims"

    /// Brings metrics.yaml up to the log's baselines; with `rebuilding`, writes a new file instead of editing the
    /// one there. Returns the metrics whose entries changed.
    @discardableResult
    public func write(from log: EventLog, rebuilding: Bool = false) throws -> [MetricPath] {
        let states = try project.store { try log.currentStates() }
        let cache = try project.store { try log.cacheEntries() }
        let path = InventoryPaths(root: project.root).metrics
        let existing = rebuilding ? nil : try existing(path)
        var document = existing ?? MetricsDocument()
        var changed: [MetricPath] = []
        for metric in ordered(states.keys) {
            guard let baseline = states[metric]?.baseline else { continue }
            var entry = document[metric] ?? MetricEntry()
            guard entry.value != baseline.value else { continue }
            let style = document.timeStyle(for: metric)
            entry.value = baseline.value
            entry["last_verified"] = .string(style.format(baseline.observed))
            if entry.verificationMethod == nil, let method = method(for: metric) { entry.verificationMethod = method }
            if let record = cache[metric.rawValue] {
                entry.cached = true
                entry["cache_expires"] = .string(style.format(record.entry.expires))
            } else if entry.cached == true {
                entry.cached = false
            }
            entry["updated_by"] = .string(baseline.actor)
            entry["baseline_reason"] = .string(baseline.reason.description)
            document[metric] = entry
            changed.append(metric)
        }
        if existing == nil && changed.isEmpty && !rebuilding { return [] }
        if existing != nil && changed.isEmpty {
            // Nothing to change: the file reflects the log as it is.
            if let text = try? InventoryText.read(path: path) { try stamp(Importer.metricsName, text, log: log) }
            return []
        }
        // An existing file's metadata stays as it is, so the diff is the moved entries alone.
        if existing == nil {
            document[metadata: "version"] = .string(config.version)
            document[metadata: "last_updated"] = .string(document.timeStyle(for: nil).format(project.clock.now()))
            document[metadata: "verified_by"] = .string(MetricsFileWriter.marker)
        }
        try save(document, to: path)
        try stamp(Importer.metricsName, InventoryText(document.text), log: log)
        return changed
    }

    /// Writes `historical/DAY.yaml` with every metric's state as of the end of `day`; returns its path.
    ///
    /// The file starts from the day's existing snapshot, else from metrics.yaml, so every other section and key
    /// of metrics.yaml is kept, as the original's copies kept them.
    public func writeSnapshot(_ day: Day, from log: EventLog) throws -> (path: String, metrics: Int) {
        let states = try project.store { try log.states(asOf: day.end) }
        let paths = InventoryPaths(root: project.root)
        let path = paths.snapshot(for: day)
        do {
            try FileManager.default.createDirectory(atPath: project.historicalPath, withIntermediateDirectories: true)
        } catch {
            throw DIMSError(.output, "Cannot create '\(project.relative(project.historicalPath))': \(error.localizedDescription)")
        }
        var document = try existing(path) ?? existing(paths.metrics) ?? MetricsDocument()
        var count = 0
        for metric in document.paths where document[metric]?.value != nil && states[metric] == nil {
            document[metric] = nil
        }
        for metric in ordered(states.keys) {
            guard let state = states[metric], let value = state.value?.value ?? state.baseline?.value else { continue }
            let time = state.value?.observed ?? state.baseline!.observed
            var entry = document[metric] ?? MetricEntry()
            entry.value = value
            entry["last_verified"] = .string(document.timeStyle(for: metric).format(time))
            if entry.verificationMethod == nil, let method = method(for: metric) { entry.verificationMethod = method }
            document[metric] = entry
            count += 1
        }
        let now = project.clock.now()
        let style = document.timeStyle(for: nil)
        if document[metadata: "version"] == nil { document[metadata: "version"] = .string(config.version) }
        document[metadata: "last_updated"] = .string(style.format(now))
        if document[metadata: "last_verified"] != nil { document[metadata: "last_verified"] = .string(style.format(now)) }
        if document[metadata: "verified_by"] == nil { document[metadata: "verified_by"] = .string(MetricsFileWriter.marker) }
        document.snapshotDate = day
        try save(document, to: path)
        try stamp(project.relative(path), InventoryText(document.text), log: log)
        return (path, count)
    }

    /// Metrics in config order, then any others the log knows, by name; new entries are appended in this order.
    private func ordered<S: Sequence>(_ metrics: S) -> [MetricPath] where S.Element == MetricPath {
        let known = Set(metrics)
        let configured = config.metrics.map(\.path).filter(known.contains)
        return configured + known.subtracting(configured).sorted()
    }

    private func method(for metric: MetricPath) -> String? {
        guard let spec = config.spec(metric) else { return nil }
        return spec["command"]?.string ?? "dims \(spec.source)"
    }

    /// Records that the file at `relative` now holds `text`, as of the log's last seq.
    private func stamp(_ relative: String, _ text: InventoryText, log: EventLog) throws {
        try project.store {
            var stamps = try log.fileStamps()
            stamps[relative] = FileStamp(hash: text.hash, seq: try log.lastSeq())
            try log.setFileStamps(stamps)
        }
    }

    private func existing(_ path: String) throws -> MetricsDocument? {
        do {
            return try MetricsDocument.read(path: path, naming: project.relative(path))
        } catch {
            throw DIMSError(.badInput, error.message, file: project.relative(path))
        }
    }

    private func save(_ document: MetricsDocument, to path: String) throws {
        do {
            try document.write(to: path)
        } catch {
            throw DIMSError(.output, error.message, file: project.relative(path))
        }
    }
}
