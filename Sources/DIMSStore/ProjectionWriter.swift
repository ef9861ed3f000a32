import DIMSCore
import LMDB

/// Folds events into the stored projections inside one write transaction.
///
/// Current state, trend buckets and the cache are read through, changed in memory and written back at
/// `flush`; baselines are put directly. Append and replay both use it, so they cannot disagree on the fold.
final class ProjectionWriter {
    let txn: Transaction
    let h: Handles
    private var current: [MetricPath: MetricState] = [:]
    private var buckets: [BucketKey: [Point]] = [:]

    /// A trend bucket's identity; hashed as a whole string and a number, not byte by byte.
    struct BucketKey: Hashable {
        var metric: MetricPath
        var day: Day
        var bytes: [UInt8] { Keys.metricDay(metric, day) }
    }
    private var cache: [String: CacheRecord?] = [:]
    private var approvalProjection: ApprovalProjection?
    private var cacheEmptied = false
    private(set) var skipped = 0
    /// Points held in `buckets`, to bound memory during a replay.
    private(set) var pendingPoints = 0

    init(txn: Transaction, handles: Handles) {
        self.txn = txn
        self.h = handles
    }

    func apply(_ entry: LoggedEvent) throws {
        if let metric = entry.event.metric {
            // One hash lookup per event; the state is mutated in place.
            if let index = current.index(forKey: metric) {
                current.values[index].apply(entry)
            } else {
                var state = try storedState(metric)
                state.apply(entry)
                current[metric] = state
            }
        }
        switch entry.event {
        case .measured(let reading):
            let point = Point(observed: entry.observed, seq: entry.seq, value: reading.value)
            let key = BucketKey(metric: reading.metric, day: entry.observed.day)
            if let index = buckets.index(forKey: key) {
                ProjectionWriter.insert(point, into: &buckets.values[index])
            } else {
                var points = try storedBucket(key.bytes)
                ProjectionWriter.insert(point, into: &points)
                buckets[key] = points
            }
            pendingPoints += 1
        case .baselineSet(let change):
            let record = BaselineRecord(value: change.value, previous: change.previous, observed: entry.observed,
                                        seq: entry.seq, actor: entry.actor, reason: change.reason)
            let key = Keys.metricTime(change.metric, entry.observed, entry.seq)
            try txn.put(key, ProjectionRecord.seal(ProjectionCodec.encode(record), key: key), in: h.baselines)
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
        case .approvalRequested, .approvalGranted, .approvalRejected:
            try approvals().apply(entry)
        case .measurementFailed, .snapshotTaken, .imported, .migrationProved:
            break
        case .triggered, .alertQueued, .alertDelivered, .alertFailed, .alertWithheld, .breakdownRecorded:
            break
        }
    }

    /// The approvals projection, written through at once so that numbering and supersession see earlier events of the batch.
    func approvals() throws -> ApprovalProjection {
        if let approvalProjection { return approvalProjection }
        let opened = try ApprovalProjection(writing: txn)
        approvalProjection = opened
        return opened
    }

    /// Inserts `point` in (observed, seq) order; in time order it is an append.
    static func insert(_ point: Point, into points: inout [Point]) {
        if let last = points.last, !point.isAfter(last) {
            let index = points.firstIndex { $0.position > point.position } ?? points.count
            points.insert(point, at: index)
        } else {
            points.append(point)
        }
    }

    /// Writes every pending change.
    func flush() throws {
        for (metric, state) in current {
            let key = Array(metric.rawValue.utf8)
            try txn.put(key, ProjectionRecord.seal(ProjectionCodec.encode(state), key: key), in: h.current)
        }
        for (key, points) in buckets {
            let bytes = key.bytes
            try txn.put(bytes, ProjectionRecord.seal(ProjectionCodec.encode(bucket: points), key: bytes), in: h.trend)
        }
        if cacheEmptied { try txn.empty(h.cache) }
        for (key, record) in cache {
            if let record {
                let bytes = Array(key.utf8)
                try txn.put(bytes, ProjectionRecord.seal(ProjectionCodec.encode(record), key: bytes), in: h.cache)
            } else {
                try txn.delete(Array(key.utf8), in: h.cache)
            }
        }
        current.removeAll(keepingCapacity: true)
        buckets.removeAll(keepingCapacity: true)
        cache.removeAll()
        cacheEmptied = false
        pendingPoints = 0
    }

    private func storedState(_ metric: MetricPath) throws -> MetricState {
        let stored = try Array(metric.rawValue.utf8).withUnsafeBytes { key in
            try txn.get(key, in: h.current).map { value in
                guard let body = ProjectionRecord.open(value, key: key, .crc32c), let state = ProjectionCodec.decodeState(body) else {
                    throw ProjectionRecord.damaged(Layout.current, key, in: txn.directory)
                }
                return state
            }
        }
        return stored ?? MetricState()
    }

    private func storedBucket(_ key: [UInt8]) throws -> [Point] {
        try key.withUnsafeBytes { k in
            try txn.get(k, in: h.trend).map { value in
                guard let body = ProjectionRecord.open(value, key: k, .crc32c), let points = ProjectionCodec.decodeBucket(body) else {
                    throw ProjectionRecord.damaged(Layout.trend, k, in: txn.directory)
                }
                return points
            } ?? []
        }
    }
}
