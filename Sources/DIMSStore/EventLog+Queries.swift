public import DIMSCore
import LMDB

extension EventLog: EventStore {
    /// The current projection: every metric's baseline and last attempt.
    public func currentStates() throws -> [MetricPath: MetricState] {
        try read { txn, h in
            var result: [MetricPath: MetricState] = [:]
            try txn.withCursor(h.current) { cursor in
                for (key, value) in cursor.entries() {
                    let metric = MetricPath(String(decoding: key, as: UTF8.self))
                    guard let state = ProjectionCodec.decodeState(try body(value, key: key, in: Layout.current)) else {
                        throw StoreError(code: .corruptRecord, message: "The current state of '\(metric)' cannot be read; run 'dims log salvage'")
                    }
                    result[metric] = state
                }
            }
            return result
        }
    }

    /// Every metric the log knows, with its value and baseline as of `time` (observed time), by index seeks.
    public func states(asOf time: Timestamp) throws -> [MetricPath: StateAsOf] {
        try read { txn, h in
            var metrics: [MetricPath] = []
            try txn.withCursor(h.current) { cursor in
                for (key, value) in cursor.entries() {
                    _ = try body(value, key: key, in: Layout.current)
                    metrics.append(MetricPath(String(decoding: key, as: UTF8.self)))
                }
            }
            var result: [MetricPath: StateAsOf] = [:]
            for metric in metrics {
                let state = StateAsOf(value: try lastPoint(metric, atOrBefore: time, txn, h),
                                      baseline: try lastBaseline(metric, atOrBefore: time, txn, h))
                if state.value != nil || state.baseline != nil { result[metric] = state }
            }
            return result
        }
    }

    /// One metric's value and baseline as of `time`.
    public func state(of metric: MetricPath, asOf time: Timestamp) throws -> StateAsOf {
        try read { txn, h in
            StateAsOf(value: try lastPoint(metric, atOrBefore: time, txn, h), baseline: try lastBaseline(metric, atOrBefore: time, txn, h))
        }
    }

    /// The last baseline record of `metric` at or before `time`, its checksum checked; the record after it is
    /// checked too, so that one whose key was damaged is named instead of skipped.
    func lastEntry(_ metric: MetricPath, atOrBefore time: Timestamp, in db: Database, named name: String, _ txn: Transaction) throws -> (Timestamp, UInt64, UnsafeRawBufferPointer)? {
        try txn.withCursor(db) { cursor in
            let target = Keys.metricTime(metric, time, .max)
            if let (key, value) = try cursor.seek(target) { _ = try body(value, key: key, in: name) }
            guard let (key, value) = try cursor.seekAtOrBefore(target) else { return nil }
            let prefix = Keys.metricPrefix(metric)
            guard key.count == prefix.count + 16, key.starts(with: prefix) else { return nil }
            let (_, observed, seq) = Keys.splitMetricTime(key)
            return (observed, seq, try body(value, key: key, in: name))
        }
    }

    /// The last point observed at or before `time`: the bucket of that day, else the last point of an earlier bucket.
    func lastPoint(_ metric: MetricPath, atOrBefore time: Timestamp, _ txn: Transaction, _ h: Handles) throws -> Point? {
        try txn.withCursor(h.trend) { cursor in
            let prefix = Keys.metricPrefix(metric)
            let target = Keys.metricDay(metric, time.day)
            // The record at or after the target is checked too: a damaged key there may belong before it.
            var checked: (value: UnsafeRawPointer?, body: UnsafeRawBufferPointer)?
            if let (key, value) = try cursor.seek(target) { checked = (value.baseAddress, try body(value, key: key, in: Layout.trend)) }
            for (key, value) in cursor.entriesBackward(atOrBefore: target) {
                guard key.count == prefix.count + 4, key.starts(with: prefix) else { break }
                // The bucket of the target's day itself was checked just above.
                let bucket = checked.flatMap { $0.value == value.baseAddress ? $0.body : nil }
                guard let points = ProjectionCodec.decodeBucket(try bucket ?? body(value, key: key, in: Layout.trend)) else {
                    throw StoreError(code: .corruptRecord, message: "A trend bucket of '\(metric)' cannot be read; run 'dims log salvage'")
                }
                if let point = points.last(where: { $0.observed <= time }) { return point }
            }
            return nil
        }
    }

    func lastBaseline(_ metric: MetricPath, atOrBefore time: Timestamp, _ txn: Transaction, _ h: Handles) throws -> BaselineRecord? {
        guard let (_, _, value) = try lastEntry(metric, atOrBefore: time, in: h.baselines, named: Layout.baselines, txn) else { return nil }
        var r = ByteReader(value)
        guard let record = ProjectionCodec.decodeBaseline(&r) else {
            throw StoreError(code: .corruptRecord, message: "A baseline of '\(metric)' in '\(directory)' cannot be read; run 'dims log salvage'")
        }
        return record
    }

    /// A metric's measured points observed in `from...to`, oldest first.
    public func series(of metric: MetricPath, from: Timestamp, to: Timestamp) throws -> [Point] {
        try read { txn, h in try series(of: metric, from: from, to: to, txn, h) }
    }

    func series(of metric: MetricPath, from: Timestamp, to: Timestamp, _ txn: Transaction, _ h: Handles) throws -> [Point] {
        let prefix = Keys.metricPrefix(metric)
        let last = to.day
        return try txn.withCursor(h.trend) { cursor in
            var result: [Point] = []
            // The bucket before the range is checked too: a damaged key there may belong inside it.
            var checked: (value: UnsafeRawPointer?, body: UnsafeRawBufferPointer)?
            if let (key, value) = try cursor.seekAtOrBefore(Keys.metricDay(metric, from.day)) {
                checked = (value.baseAddress, try body(value, key: key, in: Layout.trend))
            }
            for (key, value) in cursor.entries(from: Keys.metricDay(metric, from.day)) {
                // The first bucket past the range is checked too: a damaged key there may belong inside it.
                guard key.count == prefix.count + 4, key.starts(with: prefix), Keys.splitMetricDay(key).1 <= last else {
                    _ = try body(value, key: key, in: Layout.trend)
                    break
                }
                let (_, day) = Keys.splitMetricDay(key)
                // The bucket of the first day itself was checked just above.
                let bucket = checked.flatMap { $0.value == value.baseAddress ? $0.body : nil }
                guard let points = ProjectionCodec.decodeBucket(try bucket ?? body(value, key: key, in: Layout.trend)) else {
                    throw StoreError(code: .corruptRecord, message: "The trend bucket of '\(metric)' for \(day) cannot be read; run 'dims log salvage'")
                }
                result += points.filter { $0.observed >= from && $0.observed <= to }
            }
            return result
        }
    }

    /// Every baseline a metric had, set in `from...to`, oldest first.
    public func baselines(of metric: MetricPath, from: Timestamp, to: Timestamp) throws -> [BaselineRecord] {
        try read { txn, h in try rangeScan(metric, from: from, to: to, in: h.baselines, sealed: Layout.baselines, txn) { _, _, value in
            var r = ByteReader(value)
            guard let record = ProjectionCodec.decodeBaseline(&r) else {
                throw StoreError(code: .corruptRecord, message: "A baseline of '\(metric)' in '\(directory)' cannot be read; run 'dims log salvage'")
            }
            return record
        } }
    }

    /// Every event that touched `metric`, observed in `from...to`, in (observed, seq) order, via the by_metric index.
    public func events(of metric: MetricPath, from: Timestamp, to: Timestamp) throws -> [LoggedEvent] {
        // The trees this walks are checked first: a moved index key would otherwise leave an event out unseen.
        if checked { try checkStructure(only: [Layout.byMetric, Layout.events]) }
        return try read { txn, h in
            let entries = try rangeScan(metric, from: from, to: to, in: h.byMetric, txn) { observed, seq, kind in (observed, seq, Array(kind)) }
            let events = try entries.map { observed, seq, kind in
                try Keys.seq(seq).withUnsafeBytes { key in
                    guard let bytes = try txn.get(key, in: h.events) else {
                        throw StoreError(code: .corruptRecord, message: "The index points to event \(seq), which is missing; run 'dims log verify'", seq: seq)
                    }
                    let event = try EventCodec.decode(bytes, seq: seq)
                    // The entry's key and value repeat the event's metric, time and kind: a damaged one differs.
                    guard event.event.metric == metric, event.observed == observed, kind == [EventCodec.kind(of: event.event)] else {
                        throw StoreError(code: .corruptRecord, message: "The metric index of '\(metric)' points to event \(seq), which is about another metric, time or kind: the index is damaged; run 'dims log salvage'", seq: seq)
                    }
                    return event
                }
            }
            // Each reading and baseline the projections hold for the metric has its index entry: a damaged index
            // key moves an entry out of the metric's range, where only this finds it missing.
            let indexed = Set(entries.map(\.1)), archived = try archiveCheckpoint(txn, h.meta).through
            let projected = try series(of: metric, from: from, to: to, txn, h).map(\.seq)
                + rangeScan(metric, from: from, to: to, in: h.baselines, sealed: Layout.baselines, txn) { _, seq, _ in seq }
            if let seq = projected.first(where: { $0 > archived && !indexed.contains($0) }) {
                throw StoreError(code: .corruptRecord, message: "The metric index of '\(metric)' lacks event \(seq), which its projections hold: the index is damaged; run 'dims log salvage'", seq: seq)
            }
            return events
        }
    }

    func rangeScan<T>(_ metric: MetricPath, from: Timestamp, to: Timestamp, in db: Database, sealed name: String? = nil, _ txn: Transaction,
                      _ transform: (Timestamp, UInt64, UnsafeRawBufferPointer) throws -> T?) throws -> [T] {
        let end = Keys.metricTime(metric, to, .max)
        return try txn.withCursor(db) { cursor in
            var result: [T] = []
            for (key, value) in cursor.entries(from: Keys.metricTime(metric, from, 0)) {
                // The first record past the range is checked too: a damaged key there may belong inside it.
                guard key.lexicographicallyPrecedes(end) || key.elementsEqual(end) else {
                    if let name { _ = try body(value, key: key, in: name) }
                    break
                }
                let (_, observed, seq) = Keys.splitMetricTime(key)
                let value = try name.map { try body(value, key: key, in: $0) } ?? value
                if let item = try transform(observed, seq, value) { result.append(item) }
            }
            return result
        }
    }

    /// The daily projection for `day`: each metric's last value observed that day (the last point of its bucket).
    public func daily(_ day: Day) throws -> [MetricPath: Point] {
        let metrics = try currentStates().keys
        return try read { txn, h in
            var result: [MetricPath: Point] = [:]
            for metric in metrics {
                try Keys.metricDay(metric, day).withUnsafeBytes { key in
                    guard let bucket = try txn.get(key, in: h.trend) else { return }
                    guard let points = ProjectionCodec.decodeBucket(try body(bucket, key: key, in: Layout.trend)) else {
                        throw ProjectionRecord.damaged(Layout.trend, key, in: directory)
                    }
                    if let point = points.last { result[metric] = point }
                }
            }
            return result
        }
    }

    /// The cache projection.
    public func cacheEntries() throws -> [String: CacheRecord] {
        try read { txn, h in
            var result: [String: CacheRecord] = [:]
            try txn.withCursor(h.cache) { cursor in
                for (key, value) in cursor.entries() {
                    let name = String(decoding: key, as: UTF8.self)
                    guard let record = ProjectionCodec.decodeCache(key: name, try body(value, key: key, in: Layout.cache)) else {
                        throw ProjectionRecord.damaged(Layout.cache, key, in: directory)
                    }
                    result[name] = record
                }
            }
            return result
        }
    }

    /// The observed time of the earliest event, if any, archived ones included.
    public func firstObserved() throws -> Timestamp? {
        try read { txn, h in
            let live = try txn.withCursor(h.byTime) { cursor in try cursor.first().map { try timeEntry($0.key, txn, h) } }
            return [live, try archiveCheckpoint(txn, h.meta).firstObserved].compactMap { $0 }.min()
        }
    }

    /// The observed time of the latest event, if any.
    public func lastObserved() throws -> Timestamp? {
        try read { txn, h in try txn.withCursor(h.byTime) { cursor in try cursor.last().map { try timeEntry($0.key, txn, h) } } }
    }

    /// The time of a `by_time` entry, checked against its event: the key repeats the event's observed time and seq,
    /// so a damaged one differs. Throws `.corruptRecord` naming the index and key when it does.
    func timeEntry(_ key: UnsafeRawBufferPointer, _ txn: Transaction, _ h: Handles) throws -> Timestamp {
        guard key.count == 16 else { throw timeIndexDamaged(key) }
        let time = Keys.timestamp(key.u64be(at: 0)), seq = key.u64be(at: 8)
        guard try Keys.seq(seq).withUnsafeBytes({ k in try txn.get(k, in: h.events).map { try EventCodec.decode($0, seq: seq).observed } }) == time else {
            throw timeIndexDamaged(key)
        }
        return time
    }

    func timeIndexDamaged(_ key: UnsafeRawBufferPointer) -> StoreError {
        StoreError(code: .corruptRecord, message: "The entry '\(ProjectionRecord.describe(key))' of '\(Layout.byTime)' of '\(directory)' does not match its event: the index is damaged; run 'dims log salvage'")
    }
}
