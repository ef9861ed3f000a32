/// A decision as the log recorded it: who decided, when, and in which event.
public struct DecisionRecord: Hashable, Sendable, EventPositioned {
    public var decision: ApprovalDecision
    public var observed: Timestamp
    public var seq: UInt64
    public var actor: String

    public init(decision: ApprovalDecision, observed: Timestamp, seq: UInt64, actor: String) {
        self.decision = decision
        self.observed = observed
        self.seq = seq
        self.actor = actor
    }
}

/// Where a request stands.
public enum ApprovalStatus: Hashable, Sendable {
    case pending
    case granted(DecisionRecord)
    case rejected(DecisionRecord)
    /// A newer request for the same metric replaced it before anyone decided.
    case superseded(by: UInt32)

    public var name: String {
        switch self {
        case .pending: "pending"
        case .granted: "accepted"
        case .rejected: "rejected"
        case .superseded: "superseded"
        }
    }
}

/// One request with where it stands.
public struct ApprovalRecord: Hashable, Sendable, EventPositioned {
    public var request: ApprovalRequest
    public var observed: Timestamp
    public var seq: UInt64
    /// Who asked: the actor of the run.
    public var actor: String
    public var status: ApprovalStatus

    public init(request: ApprovalRequest, observed: Timestamp, seq: UInt64, actor: String, status: ApprovalStatus = .pending) {
        self.request = request
        self.observed = observed
        self.seq = seq
        self.actor = actor
        self.status = status
    }

    public var number: UInt32 { request.number }
    public var metric: MetricPath { request.metric }
    public var isPending: Bool { status == .pending }

}
