import DIMSCore
import DIMSInventory
import DIMSStore
import Foundation

/// Writes `inventory/metrics.yaml` and snapshot files as projections of the log, keeping every key dims does not own.
struct MetricsFileWriter {
    let project: Project
    let config: InventoryConfig

    /// Rewrites metrics.yaml from the current projection: baselines as values, the last measurement time as last_verified.
    func write(from log: EventLog) throws {
        let states = try project.store { try log.currentStates() }
        let cache = try project.store { try log.cacheEntries() }
        let path = InventoryPaths(root: project.root).metrics
        var document = try existing(path) ?? MetricsDocument()
        for metric in ordered(states.keys) {
            guard let state = states[metric], let baseline = state.baseline else { continue }
            let verified = max(state.lastValue?.observed ?? baseline.observed, baseline.observed)
            document.record(metric, value: baseline.value, verifiedAt: verified, method: method(for: metric))
            var entry = document[metric] ?? MetricEntry()
            if let record = cache[metric.rawValue] {
                entry.cached = true
                entry.cacheExpires = record.entry.expires
            } else if entry.cached != nil {
                entry.cached = false
            }
            document[metric] = entry
        }
        stamp(&document, at: project.clock.now())
        try save(document, to: path)
    }

    /// Writes `historical/DAY.yaml` with every metric's state as of the end of `day`; returns its path.
    func writeSnapshot(_ day: Day, from log: EventLog) throws -> (path: String, metrics: Int) {
        let states = try project.store { try log.states(asOf: day.end) }
        let path = InventoryPaths(root: project.root).snapshot(for: day)
        do {
            try FileManager.default.createDirectory(atPath: project.historicalPath, withIntermediateDirectories: true)
        } catch {
            throw Console.fail("Cannot create '\(project.relative(project.historicalPath))': \(error.localizedDescription)", Status.output)
        }
        var document = try existing(path) ?? MetricsDocument()
        var count = 0
        for metric in ordered(states.keys) {
            guard let state = states[metric], let value = state.value?.value ?? state.baseline?.value else { continue }
            let time = state.value?.observed ?? state.baseline!.observed
            document.record(metric, value: value, verifiedAt: time, method: method(for: metric))
            count += 1
        }
        stamp(&document, at: project.clock.now())
        document.snapshotDate = day
        try save(document, to: path)
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

    private func stamp(_ document: inout MetricsDocument, at now: Timestamp) {
        if document[metadata: "version"] == nil { document[metadata: "version"] = .string(config.version) }
        document.setMetadata("last_updated", time: now)
        document.setMetadata("last_verified", time: now)
        document[metadata: "verified_by"] = .string(Importer.marker)
    }

    private func existing(_ path: String) throws -> MetricsDocument? {
        do {
            return try MetricsDocument.read(path: path)
        } catch {
            throw Console.fail(error.message, Status.badInput)
        }
    }

    private func save(_ document: MetricsDocument, to path: String) throws {
        do {
            try document.write(to: path)
        } catch {
            throw Console.fail(error.message, Status.output)
        }
    }
}
