import DIMSCore
import LMDB

extension Layout {
    /// `0x01 | number (u32 BE)` → approval record; `0x02 | metric` → the number of the metric's latest request (u32 BE).
    static let approvals = "p_approvals"
}

/// The approvals projection in `p_approvals`: the stored twin of `DIMSCore.Approvals`, folded by the same rules.
struct ApprovalProjection {
    let txn: Transaction
    let db: Database
    /// The checksum records carry (`ProjectionRecord`): the current one when writing, the store's when reading; nil
    /// only when reading a store of schema 1.
    var checksum: RecordChecksum? = .crc32c

    /// The projection for writing; the database is created on first use.
    init(writing txn: Transaction) throws {
        self.txn = txn
        db = try txn.require(Layout.approvals)
    }

    private init(txn: Transaction, db: Database) {
        self.txn = txn
        self.db = db
    }

    /// The projection for reading, or nil when this store never held a request (a store made before approvals existed).
    static func reading(_ txn: Transaction, checksum: RecordChecksum?) throws -> ApprovalProjection? {
        try txn.database(Layout.approvals).map {
            var projection = ApprovalProjection(txn: txn, db: $0)
            projection.checksum = checksum
            return projection
        }
    }

    /// A record's body, its checksum checked.
    private func body(_ value: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer) throws(StoreError) -> UnsafeRawBufferPointer {
        guard let checksum else { return value }
        guard let body = ProjectionRecord.open(value, key: key, checksum) else { throw ProjectionRecord.damaged(Layout.approvals, key) }
        return body
    }

    static func recordKey(_ number: UInt32) -> [UInt8] {
        var w = ByteWriter(capacity: 5)
        w.u8(1)
        w.u32be(number)
        return w.bytes
    }

    static func latestKey(_ metric: MetricPath) -> [UInt8] { [2] + Array(metric.rawValue.utf8) }

    func record(_ number: UInt32) throws -> ApprovalRecord? {
        try ApprovalProjection.recordKey(number).withUnsafeBytes { key in
            try txn.get(key, in: db).map { bytes in
                guard let record = ProjectionCodec.decodeApproval(try body(bytes, key: key)) else {
                    throw StoreError(code: .corruptRecord, message: "Approval request #\(number) in '\(Layout.approvals)' of '\(txn.directory)' cannot be read; run 'dims replay'")
                }
                return record
            }
        }
    }

    func latestNumber(_ metric: MetricPath) throws -> UInt32? {
        try ApprovalProjection.latestKey(metric).withUnsafeBytes { key in
            try txn.get(key, in: db).flatMap { value in
                let bytes = try body(value, key: key)
                return bytes.count == 4 ? bytes.loadUnaligned(as: UInt32.self).bigEndian : nil
            }
        }
    }

    /// The number the next request gets: one more than the highest so far.
    func nextNumber() throws -> UInt32 {
        try txn.withCursor(db) { cursor in
            guard let (key, _) = try cursor.seekAtOrBefore(ApprovalProjection.recordKey(.max)), key.count == 5, key[0] == 1 else { return 1 }
            return key.loadUnaligned(fromByteOffset: 1, as: UInt32.self).bigEndian + 1
        }
    }

    private func put(_ record: ApprovalRecord) throws {
        let key = ApprovalProjection.recordKey(record.number)
        try txn.put(key, ProjectionRecord.seal(ProjectionCodec.encode(record), key: key), in: db)
    }

    private func putLatest(_ metric: MetricPath, _ number: UInt32) throws {
        var w = ByteWriter(capacity: 4)
        w.u32be(number)
        let key = ApprovalProjection.latestKey(metric)
        try txn.put(key, ProjectionRecord.seal(w.bytes, key: key), in: db)
    }

    /// Folds one approval event, as `Approvals.apply` does.
    func apply(_ entry: LoggedEvent) throws {
        switch entry.event {
        case .approvalRequested(let request):
            var record = ApprovalRecord(request: request, observed: entry.observed, seq: entry.seq, actor: entry.actor)
            if let number = try latestNumber(request.metric), var previous = try self.record(number) {
                if record.isAfter(previous) {
                    if previous.isPending {
                        previous.status = .superseded(by: request.number)
                        try put(previous)
                    }
                    try putLatest(request.metric, request.number)
                } else {
                    record.status = .superseded(by: previous.number)
                }
            } else {
                try putLatest(request.metric, request.number)
            }
            try put(record)
        case .approvalGranted(let decision):
            try settle(decision.number, .granted(DecisionRecord(decision: decision, observed: entry.observed, seq: entry.seq, actor: entry.actor)))
        case .approvalRejected(let decision):
            try settle(decision.number, .rejected(DecisionRecord(decision: decision, observed: entry.observed, seq: entry.seq, actor: entry.actor)))
        default:
            break
        }
    }

    private func settle(_ number: UInt32, _ status: ApprovalStatus) throws {
        guard var record = try record(number), record.isPending else { return }
        record.status = status
        try put(record)
    }

    /// Gives a request about to be appended the next number, when it has none yet.
    func numbered(_ entry: LoggedEvent) throws -> LoggedEvent {
        guard case .approvalRequested(var request) = entry.event, request.number == 0 else { return entry }
        request.number = try nextNumber()
        var numbered = entry
        numbered.event = .approvalRequested(request)
        return numbered
    }

    /// The whole projection.
    func all() throws -> Approvals {
        var records: [UInt32: ApprovalRecord] = [:]
        var latest: [MetricPath: UInt32] = [:]
        try txn.withCursor(db) { cursor in
            for (key, stored) in cursor.entries() {
                let value = try body(stored, key: key)
                if key.count == 5, key[0] == 1 {
                    let number = key.loadUnaligned(fromByteOffset: 1, as: UInt32.self).bigEndian
                    guard let record = ProjectionCodec.decodeApproval(value), record.number == number else {
                        throw StoreError(code: .corruptRecord, message: "Approval request #\(number) in '\(Layout.approvals)' of '\(txn.directory)' cannot be read; run 'dims replay'")
                    }
                    records[number] = record
                } else if key.first == 2, value.count == 4 {
                    latest[MetricPath(String(decoding: UnsafeRawBufferPointer(rebasing: key[1...]), as: UTF8.self))] = value.loadUnaligned(as: UInt32.self).bigEndian
                } else {
                    throw StoreError(code: .corruptRecord, message: "An entry of '\(Layout.approvals)' of '\(txn.directory)' cannot be read; run 'dims replay'")
                }
            }
        }
        return Approvals(records: records, latest: latest)
    }
}

/// The approval record: `request | observed zigzag | seq varint | actor | status u8 [decision record | superseding number]`.
extension ProjectionCodec {
    static func encode(_ record: ApprovalRecord) -> [UInt8] {
        var w = ByteWriter(capacity: 64)
        EventCodec.encode(record.request, into: &w)
        w.zigzag(record.observed.micros)
        w.varint(record.seq)
        w.string(record.actor)
        switch record.status {
        case .pending:
            w.u8(0)
        case .granted(let decision):
            w.u8(1)
            encode(decision, into: &w)
        case .rejected(let decision):
            w.u8(2)
            encode(decision, into: &w)
        case .superseded(let number):
            w.u8(3)
            w.varint(UInt64(number))
        }
        return w.bytes
    }

    static func encode(_ decision: DecisionRecord, into w: inout ByteWriter) {
        EventCodec.encode(decision.decision, into: &w)
        w.zigzag(decision.observed.micros)
        w.varint(decision.seq)
        w.string(decision.actor)
    }

    static func decodeApproval(_ buffer: UnsafeRawBufferPointer) -> ApprovalRecord? {
        var r = ByteReader(buffer)
        guard let request = EventCodec.decodeRequest(&r), let observed = r.zigzag(), let seq = r.varint(), let actor = r.string(),
              let tag = r.u8() else { return nil }
        let status: ApprovalStatus
        switch tag {
        case 0: status = .pending
        case 1: guard let decision = decodeDecisionRecord(&r) else { return nil }; status = .granted(decision)
        case 2: guard let decision = decodeDecisionRecord(&r) else { return nil }; status = .rejected(decision)
        case 3: guard let number = r.varint().flatMap(UInt32.init(exactly:)) else { return nil }; status = .superseded(by: number)
        default: return nil
        }
        guard r.remaining == 0 else { return nil }
        return ApprovalRecord(request: request, observed: Timestamp(micros: observed), seq: seq, actor: actor, status: status)
    }

    static func decodeDecisionRecord(_ r: inout ByteReader) -> DecisionRecord? {
        guard let decision = EventCodec.decodeDecision(&r), let observed = r.zigzag(), let seq = r.varint(), let actor = r.string() else { return nil }
        return DecisionRecord(decision: decision, observed: Timestamp(micros: observed), seq: seq, actor: actor)
    }
}
