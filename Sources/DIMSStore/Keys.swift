import DIMSCore

/// The keys of the LMDB layout. Times are big-endian with the sign bit flipped, so byte order is time order.
enum Keys {
    static func seq(_ seq: UInt64) -> [UInt8] {
        var w = ByteWriter(capacity: 8)
        w.u64be(seq)
        return w.bytes
    }

    /// The seq an `events` key holds, checked to follow `previous` without a gap: a log is gapless, so
    /// anything else is a damaged key or page.
    static func seq(of key: UnsafeRawBufferPointer, after previous: UInt64?) throws(StoreError) -> UInt64 {
        guard key.count == 8 else {
            throw StoreError(code: .corruptRecord, message: "An event key after event \(previous ?? 0) is \(key.count) bytes long instead of 8: the events database is damaged; run 'dims log salvage'", seq: previous)
        }
        let seq = key.u64be(at: 0)
        if let previous, seq != previous &+ 1 {
            throw StoreError(code: .corruptRecord, message: "Event \(previous) is followed by event \(seq): the events database is damaged; run 'dims log salvage'", seq: previous &+ 1)
        }
        return seq
    }

    static func time(_ t: Timestamp) -> UInt64 { UInt64(bitPattern: t.micros) ^ (1 << 63) }
    static func timestamp(_ encoded: UInt64) -> Timestamp { Timestamp(micros: Int64(bitPattern: encoded ^ (1 << 63))) }

    /// `metric | 0x00 | observed | seq`: by_metric, trend and baselines.
    static func metricTime(_ metric: MetricPath, _ observed: Timestamp, _ seq: UInt64) -> [UInt8] {
        var w = ByteWriter(capacity: metric.rawValue.utf8.count + 17)
        w.raw(metric.rawValue.utf8)
        w.u8(0)
        w.u64be(time(observed))
        w.u64be(seq)
        return w.bytes
    }

    static func metricPrefix(_ metric: MetricPath) -> [UInt8] { Array(metric.rawValue.utf8) + [0] }

    /// `observed | seq`: by_time.
    static func timeSeq(_ observed: Timestamp, _ seq: UInt64) -> [UInt8] {
        var w = ByteWriter(capacity: 16)
        w.u64be(time(observed))
        w.u64be(seq)
        return w.bytes
    }

    /// `metric | 0x00 | day`: a trend bucket.
    static func metricDay(_ metric: MetricPath, _ day: Day) -> [UInt8] {
        var w = ByteWriter(capacity: metric.rawValue.utf8.count + 5)
        w.raw(metric.rawValue.utf8)
        w.u8(0)
        w.u32be(UInt32(bitPattern: day.daysSince1970) ^ (1 << 31))
        return w.bytes
    }

    /// Splits a `metric | 0 | day` key.
    static func splitMetricDay(_ key: UnsafeRawBufferPointer) -> (MetricPath, Day) {
        let n = key.count
        let metric = String(decoding: UnsafeRawBufferPointer(rebasing: key[0..<(n - 5)]), as: UTF8.self)
        let raw = key.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self).bigEndian ^ (1 << 31)
        return (MetricPath(metric), Day(daysSince1970: Int32(bitPattern: raw)))
    }

    static func id(_ id: EventID) -> [UInt8] {
        var w = ByteWriter(capacity: 16)
        w.u64be(id.high)
        w.u64be(id.low)
        return w.bytes
    }

    /// Splits a `metric | 0 | observed | seq` key.
    static func splitMetricTime(_ key: UnsafeRawBufferPointer) -> (MetricPath, Timestamp, UInt64) {
        let n = key.count
        let metric = String(decoding: UnsafeRawBufferPointer(rebasing: key[0..<(n - 17)]), as: UTF8.self)
        return (MetricPath(metric), timestamp(key.u64be(at: n - 16)), key.u64be(at: n - 8))
    }
}

/// Encodings of the projection records.
enum ProjectionCodec {
    static func encode(_ state: MetricState) -> [UInt8] {
        var w = ByteWriter(capacity: 96)
        if let b = state.baseline {
            w.u8(1)
            encode(b, into: &w)
        } else { w.u8(0) }
        if let last = state.last {
            w.u8(1)
            switch last.outcome {
            case .value(let v):
                w.u8(1)
                EventCodec.encode(v, into: &w)
            case .failure(let reason):
                w.u8(2)
                w.string(reason)
            }
            w.zigzag(last.observed.micros)
            w.varint(last.seq)
            w.u8(last.fromCache ? 1 : 0)
        } else { w.u8(0) }
        if let p = state.lastValue {
            w.u8(1)
            encode(p, into: &w)
        } else { w.u8(0) }
        return w.bytes
    }

    static func decodeState(_ buffer: UnsafeRawBufferPointer) -> MetricState? {
        var r = ByteReader(buffer)
        var state = MetricState()
        guard let hasBaseline = r.u8() else { return nil }
        if hasBaseline == 1 { guard let b = decodeBaseline(&r) else { return nil }; state.baseline = b }
        guard let hasLast = r.u8() else { return nil }
        if hasLast == 1 {
            let outcome: ProbeResult
            switch r.u8() {
            case 1: guard let v = EventCodec.decodeValue(&r) else { return nil }; outcome = .value(v)
            case 2: guard let s = r.string() else { return nil }; outcome = .failure(s)
            default: return nil
            }
            guard let observed = r.zigzag(), let seq = r.varint(), let cached = r.u8() else { return nil }
            state.last = Attempt(outcome: outcome, observed: Timestamp(micros: observed), seq: seq, fromCache: cached == 1)
        }
        guard let hasPoint = r.u8() else { return nil }
        if hasPoint == 1 { guard let p = decodePoint(&r) else { return nil }; state.lastValue = p }
        return state
    }

    static func encode(_ p: Point, into w: inout ByteWriter) {
        w.zigzag(p.observed.micros)
        w.varint(p.seq)
        EventCodec.encode(p.value, into: &w)
    }

    static func encode(_ p: Point) -> [UInt8] {
        var w = ByteWriter(capacity: 24)
        encode(p, into: &w)
        return w.bytes
    }

    /// A trend bucket: points in (observed, seq) order, each encoded as `encode(_: Point)`.
    static func decodeBucket(_ buffer: UnsafeRawBufferPointer) -> [Point]? {
        var r = ByteReader(buffer)
        var points: [Point] = []
        while r.remaining > 0 {
            guard let point = decodePoint(&r) else { return nil }
            points.append(point)
        }
        return points
    }

    static func encode(bucket points: [Point]) -> [UInt8] {
        var w = ByteWriter(capacity: points.count * 16)
        for point in points { encode(point, into: &w) }
        return w.bytes
    }

    static func decodePoint(_ r: inout ByteReader) -> Point? {
        guard let observed = r.zigzag(), let seq = r.varint(), let value = EventCodec.decodeValue(&r) else { return nil }
        return Point(observed: Timestamp(micros: observed), seq: seq, value: value)
    }

    static func encode(_ b: BaselineRecord, into w: inout ByteWriter) {
        EventCodec.encode(b.value, into: &w)
        if let p = b.previous { w.u8(1); EventCodec.encode(p, into: &w) } else { w.u8(0) }
        w.zigzag(b.observed.micros)
        w.varint(b.seq)
        w.string(b.actor)
        w.u8(b.reason.rawValue)
    }

    static func encode(_ b: BaselineRecord) -> [UInt8] {
        var w = ByteWriter(capacity: 48)
        encode(b, into: &w)
        return w.bytes
    }

    static func decodeBaseline(_ r: inout ByteReader) -> BaselineRecord? {
        guard let value = EventCodec.decodeValue(&r), let hasPrevious = r.u8() else { return nil }
        var previous: Value?
        if hasPrevious == 1 { guard let p = EventCodec.decodeValue(&r) else { return nil }; previous = p }
        guard let observed = r.zigzag(), let seq = r.varint(), let actor = r.string(), let rb = r.u8(),
              let reason = BaselineReason(rawValue: rb) else { return nil }
        return BaselineRecord(value: value, previous: previous, observed: Timestamp(micros: observed), seq: seq, actor: actor, reason: reason)
    }

    static func encode(_ c: CacheRecord) -> [UInt8] {
        var w = ByteWriter(capacity: 32)
        EventCodec.encode(c.entry.value, into: &w)
        w.zigzag(c.entry.expires.micros)
        w.zigzag(c.written.micros)
        return w.bytes
    }

    /// Whether `body` decodes as a record of projection `name`.
    static func decodes(_ body: UnsafeRawBufferPointer, in name: String) -> Bool {
        switch name {
        case Layout.current: return decodeState(body) != nil
        case Layout.trend: return decodeBucket(body) != nil
        case Layout.baselines:
            var r = ByteReader(body)
            return decodeBaseline(&r) != nil
        default: return decodeCache(key: "", body) != nil
        }
    }

    static func decodeCache(key: String, _ buffer: UnsafeRawBufferPointer) -> CacheRecord? {
        var r = ByteReader(buffer)
        guard let value = EventCodec.decodeValue(&r), let expires = r.zigzag(), let written = r.zigzag() else { return nil }
        return CacheRecord(entry: CacheEntry(key: key, value: value, expires: Timestamp(micros: expires)), written: Timestamp(micros: written))
    }
}
