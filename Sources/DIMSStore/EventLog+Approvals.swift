public import DIMSCore
import LMDB

extension EventLog {
    /// The approvals projection: every request and where it stands.
    public func approvals() throws -> Approvals {
        try read { txn, _ in try ApprovalProjection.reading(txn, checksum: projectionChecksum)?.all() ?? Approvals() }
    }

    /// Appends a decision on request `number` (the decision event, and the baseline move when it applies one),
    /// checking in the same write transaction that the request can still be decided.
    ///
    /// Of two processes deciding the same request at once, the second finds it decided and throws `ApprovalError`.
    @discardableResult
    public func decide(_ number: UInt32, _ events: [LoggedEvent]) throws -> [LoggedEvent] {
        var refusal: ApprovalError?
        do {
            return try append(events) { txn, h in
                let projection = try ApprovalProjection(writing: txn)
                guard let record = try projection.record(number) else {
                    let highest = try projection.nextNumber() - 1
                    refusal = .init(code: .unknownRequest, message: ApprovalError.unknownMessage(number, highest: highest == 0 ? nil : highest))
                    throw StoreError(code: .io, message: "refused")
                }
                let state = try Array(record.metric.rawValue.utf8).withUnsafeBytes { key in
                    try txn.get(key, in: h.current).flatMap(ProjectionCodec.decodeState)
                }
                if let problem = record.refusal(state: state) {
                    refusal = problem
                    throw StoreError(code: .io, message: "refused")
                }
            }
        } catch {
            if let refusal { throw refusal }
            throw error
        }
    }

    /// Every event observed at exactly `time`, in seq order: the events of one run.
    public func events(observedAt time: Timestamp) throws -> [LoggedEvent] {
        try read { txn, h in
            let prefix = Keys.timeSeq(time, 0).prefix(8)
            let seqs: [UInt64] = try txn.withCursor(h.byTime) { cursor in
                var result: [UInt64] = []
                for (key, _) in cursor.entries(from: Keys.timeSeq(time, 0)) {
                    guard key.count == 16, key.starts(with: prefix) else { break }
                    result.append(key.u64be(at: 8))
                }
                return result
            }
            return try seqs.map { seq in
                // The entry's key repeats the event's time: a damaged one points to an event of another run.
                let event = try Keys.seq(seq).withUnsafeBytes { key in try txn.get(key, in: h.events).map { try EventCodec.decode($0, seq: seq) } }
                guard let event, event.observed == time else { throw Keys.timeSeq(time, seq).withUnsafeBytes { timeIndexDamaged($0) } }
                return event
            }
        }
    }

    /// The first request whose stored record differs from a fold of the log, as `p_approvals #N`.
    func approvalDifference(_ reference: Approvals, _ txn: Transaction) throws -> String? {
        let stored = try ApprovalProjection.reading(txn, checksum: projectionChecksum)?.all() ?? Approvals()
        for number in Set(stored.records.keys).union(reference.records.keys).sorted() where stored.records[number] != reference.records[number] {
            return "\(Layout.approvals) #\(number)"
        }
        for metric in Set(stored.latest.keys).union(reference.latest.keys).sorted() where stored.latest[metric] != reference.latest[metric] {
            return "\(Layout.approvals) latest \(metric)"
        }
        return nil
    }
}
