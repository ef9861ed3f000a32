public import DIMSCore

/// The compact, versioned binary encoding of one event record.
///
/// Layout: `version u8 | kind u8 | id 16 bytes | recorded zigzag | observed zigzag | actor string | payload | crc32 u32le`.
/// Strings are a varint length and UTF-8 bytes; values a tag byte and their bytes. The CRC32 covers every byte
/// before it. The header is the same for every version, so an event of an unknown kind or a newer version still
/// decodes to `.unknown` with its header intact and is skipped by projections.
public enum EventCodec {
    public static let version: UInt8 = 1
    /// The version of `measured` events that carry a commit (backfilled readings): the payload ends with the commit id.
    /// Builds that know only version 1 keep such events as unknown instead of failing on the extra field.
    static let measuredAtCommit: UInt8 = 2

    enum Kind: UInt8 {
        case measured = 1, measurementFailed, baselineSet, cacheWritten, cacheCleared, snapshotTaken, imported
        case migrationProved = 32
        case approvalRequested = 16, approvalGranted = 17, approvalRejected = 18
        case triggered = 24, alertQueued = 25, alertDelivered = 26, alertFailed = 27, alertWithheld = 28
        case breakdownRecorded = 21
    }

    /// Encodes `entry` (its seq is not part of the record; it is the key).
    public static func encode(_ entry: LoggedEvent) -> [UInt8] {
        var w = ByteWriter(capacity: 96)
        switch entry.event {
        case .unknown(_, let original, _): w.u8(original)
        case .measured(let reading) where reading.commit != nil: w.u8(measuredAtCommit)
        default: w.u8(version)
        }
        w.u8(kind(of: entry.event))
        w.u64be(entry.id.high)
        w.u64be(entry.id.low)
        w.zigzag(entry.recorded.micros)
        w.zigzag(entry.observed.micros)
        w.string(entry.actor)
        encodePayload(entry.event, into: &w)
        w.u32le(w.bytes.withUnsafeBytes { Zlib.crc32($0) })
        return w.bytes
    }

    /// Decodes a stored record, checking its CRC; `seq` is the record's key.
    public static func decode(_ bytes: UnsafeRawBufferPointer, seq: UInt64) throws(StoreError) -> LoggedEvent {
        guard bytes.count >= 2 + 16 + 4 + 4 else { throw .corrupt(seq: seq, "only \(bytes.count) bytes") }
        let body = UnsafeRawBufferPointer(rebasing: bytes[0..<(bytes.count - 4)])
        let stored = bytes.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self).littleEndian
        let computed = Zlib.crc32(body)
        guard stored == computed else {
            throw .corrupt(seq: seq, "checksum mismatch (stored \(hex(stored)), computed \(hex(computed)))")
        }
        var r = ByteReader(body)
        guard let version = r.u8(), let kindByte = r.u8(), let high = r.u64be(), let low = r.u64be(),
              let recorded = r.zigzag(), let observed = r.zigzag(), let actor = r.string() else {
            throw .corrupt(seq: seq, "header cannot be read")
        }
        var event = Event.unknown(kind: kindByte, version: version, payload: Array(UnsafeRawBufferPointer(rebasing: body[r.offset...])))
        if let kind = Kind(rawValue: kindByte), version == EventCodec.version || (version == measuredAtCommit && kind == .measured) {
            guard let decoded = decodePayload(kind, &r, version: version), r.remaining == 0 else {
                throw .corrupt(seq: seq, "payload of a '\(kind)' event cannot be read")
            }
            event = decoded
        }
        return LoggedEvent(seq: seq, id: EventID(high: high, low: low), recorded: Timestamp(micros: recorded),
                           observed: Timestamp(micros: observed), actor: actor, event: event)
    }

    public static func decode(_ bytes: [UInt8], seq: UInt64) throws -> LoggedEvent {
        try bytes.withUnsafeBytes { try decode($0, seq: seq) }
    }

    static func kind(of event: Event) -> UInt8 {
        switch event {
        case .measured: Kind.measured.rawValue
        case .measurementFailed: Kind.measurementFailed.rawValue
        case .baselineSet: Kind.baselineSet.rawValue
        case .cacheWritten: Kind.cacheWritten.rawValue
        case .cacheCleared: Kind.cacheCleared.rawValue
        case .snapshotTaken: Kind.snapshotTaken.rawValue
        case .imported: Kind.imported.rawValue
        case .migrationProved: Kind.migrationProved.rawValue
        case .approvalRequested: Kind.approvalRequested.rawValue
        case .approvalGranted: Kind.approvalGranted.rawValue
        case .approvalRejected: Kind.approvalRejected.rawValue
        case .triggered: Kind.triggered.rawValue
        case .alertQueued: Kind.alertQueued.rawValue
        case .alertDelivered: Kind.alertDelivered.rawValue
        case .alertFailed: Kind.alertFailed.rawValue
        case .alertWithheld: Kind.alertWithheld.rawValue
        case .breakdownRecorded: Kind.breakdownRecorded.rawValue
        case .unknown(let kind, _, _): kind
        }
    }

    static func encodePayload(_ event: Event, into w: inout ByteWriter) {
        switch event {
        case .measured(let reading):
            w.string(reading.metric.rawValue)
            encode(reading.value, into: &w)
            w.string(reading.source.rawValue)
            w.varint(reading.durationMicros)
            w.u8(reading.fromCache ? 1 : 0)
            if let commit = reading.commit { w.string(commit) }
        case .measurementFailed(let failure):
            w.string(failure.metric.rawValue)
            w.string(failure.source.rawValue)
            w.string(failure.reason)
        case .baselineSet(let change):
            w.string(change.metric.rawValue)
            if let previous = change.previous {
                w.u8(1)
                encode(previous, into: &w)
            } else {
                w.u8(0)
            }
            encode(change.value, into: &w)
            w.u8(change.reason.rawValue)
        case .cacheWritten(let entry):
            w.string(entry.key)
            encode(entry.value, into: &w)
            w.zigzag(entry.expires.micros)
        case .cacheCleared(let key):
            if let key {
                w.u8(1)
                w.string(key)
            } else {
                w.u8(0)
            }
        case .snapshotTaken(let day):
            w.zigzag(Int64(day.daysSince1970))
        case .imported(let what, let from):
            w.string(what)
            w.string(from)
        case .migrationProved(let proof):
            encode(proof, into: &w)
        case .approvalRequested(let request):
            encode(request, into: &w)
        case .approvalGranted(let decision), .approvalRejected(let decision):
            encode(decision, into: &w)
        case .triggered(let trigger):
            encodeTrigger(trigger, into: &w)
        case .alertQueued(let alert):
            encodeAlert(alert, into: &w)
        case .alertDelivered(let outcome), .alertFailed(let outcome), .alertWithheld(let outcome):
            encodeOutcome(outcome, into: &w)
        case .breakdownRecorded(let breakdown):
            encodeBreakdown(breakdown, into: &w)
        case .unknown(_, _, let payload):
            w.raw(payload)
        }
    }

    static func decodePayload(_ kind: Kind, _ r: inout ByteReader, version: UInt8 = version) -> Event? {
        switch kind {
        case .measured:
            guard let metric = r.string(), let value = decodeValue(&r), let source = r.string(),
                  let duration = r.varint(), let cached = r.u8() else { return nil }
            var commit: String?
            if version == measuredAtCommit {
                guard let text = r.string() else { return nil }
                commit = text
            }
            return .measured(Reading(metric: MetricPath(metric), value: value, source: ReadingSource(rawValue: source), durationMicros: duration, fromCache: cached == 1, commit: commit))
        case .measurementFailed:
            guard let metric = r.string(), let source = r.string(), let reason = r.string() else { return nil }
            return .measurementFailed(Failure(metric: MetricPath(metric), source: ReadingSource(rawValue: source), reason: reason))
        case .baselineSet:
            guard let metric = r.string(), let hasPrevious = r.u8() else { return nil }
            var previous: Value?
            if hasPrevious == 1 {
                guard let value = decodeValue(&r) else { return nil }
                previous = value
            }
            guard let value = decodeValue(&r), let reasonByte = r.u8(), let reason = BaselineReason(rawValue: reasonByte) else { return nil }
            return .baselineSet(BaselineChange(metric: MetricPath(metric), previous: previous, value: value, reason: reason))
        case .cacheWritten:
            guard let key = r.string(), let value = decodeValue(&r), let expires = r.zigzag() else { return nil }
            return .cacheWritten(CacheEntry(key: key, value: value, expires: Timestamp(micros: expires)))
        case .cacheCleared:
            guard let hasKey = r.u8() else { return nil }
            if hasKey == 0 { return .cacheCleared(key: nil) }
            guard let key = r.string() else { return nil }
            return .cacheCleared(key: key)
        case .snapshotTaken:
            guard let day = r.zigzag(), let days = Int32(exactly: day) else { return nil }
            return .snapshotTaken(day: Day(daysSince1970: days))
        case .imported:
            guard let what = r.string(), let from = r.string() else { return nil }
            return .imported(what: what, from: from)
        case .migrationProved:
            return decodeProof(&r).map(Event.migrationProved)
        case .approvalRequested:
            return decodeRequest(&r).map(Event.approvalRequested)
        case .approvalGranted:
            return decodeDecision(&r).map(Event.approvalGranted)
        case .approvalRejected:
            return decodeDecision(&r).map(Event.approvalRejected)
        case .triggered: return decodeTrigger(&r).map(Event.triggered)
        case .alertQueued: return decodeAlert(&r).map(Event.alertQueued)
        case .alertDelivered: return decodeOutcome(&r).map(Event.alertDelivered)
        case .alertFailed: return decodeOutcome(&r).map(Event.alertFailed)
        case .alertWithheld: return decodeOutcome(&r).map(Event.alertWithheld)
        case .breakdownRecorded: return decodeBreakdown(&r).map(Event.breakdownRecorded)
        }
    }

    static func encode(_ value: Value, into w: inout ByteWriter) {
        switch value {
        case .integer(let v):
            w.u8(1)
            w.zigzag(v)
        case .float(let v):
            w.u8(2)
            w.u64le(v.bitPattern)
        case .string(let v):
            w.u8(3)
            w.string(v)
        case .boolean(let v):
            w.u8(4)
            w.u8(v ? 1 : 0)
        }
    }

    static func decodeValue(_ r: inout ByteReader) -> Value? {
        switch r.u8() {
        case 1: r.zigzag().map(Value.integer)
        case 2: r.u64le().map { .float(Double(bitPattern: $0)) }
        case 3: r.string().map(Value.string)
        case 4: r.u8().map { .boolean($0 == 1) }
        default: nil
        }
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
