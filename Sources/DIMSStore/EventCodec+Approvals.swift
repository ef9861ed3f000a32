import DIMSCore

/// Payloads of the approval events: `approvalRequested` (16), `approvalGranted` (17), `approvalRejected` (18).
extension EventCodec {
    /// `number varint | metric | previous value | value | trigger u8 | run u8`.
    static func encode(_ request: ApprovalRequest, into w: inout ByteWriter) {
        w.varint(UInt64(request.number))
        w.string(request.metric.rawValue)
        encode(request.previous, into: &w)
        encode(request.value, into: &w)
        w.u8(request.trigger.rawValue)
        w.u8(request.run.rawValue)
    }

    static func decodeRequest(_ r: inout ByteReader) -> ApprovalRequest? {
        guard let number = r.varint().flatMap(UInt32.init(exactly:)), let metric = r.string(),
              let previous = decodeValue(&r), let value = decodeValue(&r),
              let trigger = r.u8().flatMap(ApprovalTrigger.init(rawValue:)), let run = r.u8().flatMap(BaselineReason.init(rawValue:)) else { return nil }
        return ApprovalRequest(number: number, metric: MetricPath(metric), previous: previous, value: value, trigger: trigger, run: run)
    }

    /// `number varint | metric | reviewer | notes | applied u8`.
    static func encode(_ decision: ApprovalDecision, into w: inout ByteWriter) {
        w.varint(UInt64(decision.number))
        w.string(decision.metric.rawValue)
        w.string(decision.reviewer)
        w.string(decision.notes)
        w.u8(decision.applied ? 1 : 0)
    }

    static func decodeDecision(_ r: inout ByteReader) -> ApprovalDecision? {
        guard let number = r.varint().flatMap(UInt32.init(exactly:)), let metric = r.string(), let reviewer = r.string(),
              let notes = r.string(), let applied = r.u8(), applied <= 1 else { return nil }
        return ApprovalDecision(number: number, metric: MetricPath(metric), reviewer: reviewer, notes: notes, applied: applied == 1)
    }
}
