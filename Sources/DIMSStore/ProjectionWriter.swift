import DIMSCore
import LMDB

/// Folds events into the stored projections inside one write transaction.
///
/// Small projections (current, daily, cache) are read through and written back at `flush`; series
/// (trend, baselines) are put directly. Append and replay both use it, so they cannot disagree on the fold.
final class ProjectionWriter {
    let txn: Transaction
    let h: Handles
    private var current: [MetricPath: MetricState] = [:]
    private var daily: [[UInt8]: Point] = [:]
    private var cache: [String: CacheRecord?] = [:]
    private var cacheEmptied = false
    private(set) var skipped = 0

    init(txn: Transaction, handles: Handles) {
        self.txn = txn
        self.h = handles
    }

    func apply(_ entry: LoggedEvent) throws {
        if let metric = entry.event.metric {
            var state = try loadState(metric)
            state.apply(entry)
            current[metric] = state
        }
        switch entry.event {
        case .measured(let reading):
            let point = Point(observed: entry.observed, seq: entry.seq, value: reading.value)
            let key = Keys.dayMetric(entry.observed.day, reading.metric)
            if point.isAfter(try loadDaily(key)) { daily[key] = point }
            var w = ByteWriter(capacity: 16)
            EventCodec.encode(reading.value, into: &w)
            try txn.put(Keys.metricTime(reading.metric, entry.observed, entry.seq), w.bytes, in: h.trend)
        case .baselineSet(let change):
            let record = BaselineRecord(value: change.value, previous: change.previous, observed: entry.observed,
                                        seq: entry.seq, actor: entry.actor, reason: change.reason)
            try txn.put(Keys.metricTime(change.metric, entry.observed, entry.seq), ProjectionCodec.encode(record), in: h.baselines)
        case .cacheWritten(let value):
            cache[value.key] = CacheRecord(entry: value, written: entry.recorded)
        case .cacheCleared(let key):
            if let key {
                cache[key] = .some(nil)
            } else {
                cache.removeAll()
                cacheEmptied = true
            }
        case .unknown:
            skipped += 1
        case .measurementFailed, .snapshotTaken, .imported:
            break
        }
    }

    /// Writes the pending small projections.
    func flush() throws {
        for (metric, state) in current {
            try txn.put(Array(metric.rawValue.utf8), ProjectionCodec.encode(state), in: h.current)
        }
        for (key, point) in daily {
            try txn.put(key, ProjectionCodec.encode(point), in: h.daily)
        }
        if cacheEmptied { try txn.empty(h.cache) }
        for (key, record) in cache {
            if let record {
                try txn.put(Array(key.utf8), ProjectionCodec.encode(record), in: h.cache)
            } else {
                try txn.delete(Array(key.utf8), in: h.cache)
            }
        }
        current.removeAll(keepingCapacity: true)
        daily.removeAll(keepingCapacity: true)
        cache.removeAll()
        cacheEmptied = false
    }

    private func loadState(_ metric: MetricPath) throws -> MetricState {
        if let state = current[metric] { return state }
        let stored = try Array(metric.rawValue.utf8).withUnsafeBytes { key in
            try txn.get(key, in: h.current).flatMap(ProjectionCodec.decodeState)
        }
        return stored ?? MetricState()
    }

    private func loadDaily(_ key: [UInt8]) throws -> Point? {
        if let point = daily[key] { return point }
        return try key.withUnsafeBytes { k in
            try txn.get(k, in: h.daily).flatMap { buffer in
                var r = ByteReader(buffer)
                return ProjectionCodec.decodePoint(&r)
            }
        }
    }
}
