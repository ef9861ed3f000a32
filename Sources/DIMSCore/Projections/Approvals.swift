/// The approvals projection: every request by number, and each metric's latest request.
///
/// A request supersedes the metric's earlier pending request; a decision settles a pending request and is
/// ignored otherwise (the log only holds decisions that were checked against a pending request when appended).
public struct Approvals: Hashable, Sendable {
    public private(set) var records: [UInt32: ApprovalRecord] = [:]
    /// Per metric, the number of its latest request.
    public private(set) var latest: [MetricPath: UInt32] = [:]

    public init() {}

    public init<S: Sequence>(replaying entries: S) where S.Element == LoggedEvent {
        for entry in entries { apply(entry) }
    }

    /// The requests still open, oldest first.
    public var pending: [ApprovalRecord] {
        records.values.filter(\.isPending).sortedByPosition()
    }

    /// The latest request for `metric`, if any.
    public func latest(for metric: MetricPath) -> ApprovalRecord? {
        latest[metric].flatMap { records[$0] }
    }

    /// Request `number`; an unknown number throws, naming the numbers there are.
    public func record(_ number: UInt32) throws(ApprovalError) -> ApprovalRecord {
        guard let record = records[number] else {
            let highest = nextNumber - 1
            throw ApprovalError(code: .unknownRequest, message: ApprovalError.unknownMessage(number, highest: highest == 0 ? nil : highest))
        }
        return record
    }

    /// The number the next request gets.
    public var nextNumber: UInt32 { (records.keys.max() ?? 0) + 1 }

    public mutating func apply(_ entry: LoggedEvent) {
        switch entry.event {
        case .approvalRequested(let request):
            var record = ApprovalRecord(request: request, observed: entry.observed, seq: entry.seq, actor: entry.actor)
            if let previous = latest(for: request.metric) {
                if record.isAfter(previous) {
                    if previous.isPending { records[previous.number]?.status = .superseded(by: request.number) }
                    latest[request.metric] = request.number
                } else {
                    record.status = .superseded(by: previous.number)
                }
            } else {
                latest[request.metric] = request.number
            }
            records[request.number] = record
        case .approvalGranted(let decision):
            settle(decision.number, .granted(DecisionRecord(decision: decision, observed: entry.observed, seq: entry.seq, actor: entry.actor)))
        case .approvalRejected(let decision):
            settle(decision.number, .rejected(DecisionRecord(decision: decision, observed: entry.observed, seq: entry.seq, actor: entry.actor)))
        default:
            break
        }
    }

    private mutating func settle(_ number: UInt32, _ status: ApprovalStatus) {
        guard records[number]?.isPending == true else { return }
        records[number]?.status = status
    }

    /// The projection as a store holds it.
    public init(records: [UInt32: ApprovalRecord], latest: [MetricPath: UInt32]) {
        self.records = records
        self.latest = latest
    }
}
