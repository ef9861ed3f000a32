public import DIMSCore
public import DIMSStore

/// The approval step of `verify --update` and `update`: which of a run's baseline moves wait for a person.
public struct ApprovalStep {
    public let policy: ApprovalPolicy
    public let specs: [MetricPath: MetricSpec]
    public let approvals: Approvals
    public let actor: String

    public init(project: Project, config: InventoryConfig, log: EventLog) throws {
        policy = ApprovalPolicy(settings: config.approval, thresholds: config.thresholds)
        specs = Dictionary(config.metrics.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        approvals = try project.store { try log.approvals() }
        actor = project.actor
    }

    /// Splits `changes` into moves made now, new requests, and moves held by earlier requests.
    public func split(_ changes: [BaselineChange]) -> BaselineMoves {
        policy.split(changes, specs: specs, approvals: approvals)
    }

    /// The events of `moves`: a baseline move for each move made now, a request for each new one.
    public func events(for moves: BaselineMoves, at now: Timestamp) -> [LoggedEvent] {
        moves.apply.map { LoggedEvent(recorded: now, observed: now, actor: actor, event: .baselineSet($0)) }
            + moves.requests.map { LoggedEvent(recorded: now, observed: now, actor: actor, event: .approvalRequested($0)) }
    }

    /// What the run held: its new requests as the log numbered them, and the moves earlier requests hold.
    public static func held(_ moves: BaselineMoves, appended: [LoggedEvent]) -> HeldMoves {
        let new = appended.compactMap { entry -> ApprovalRecord? in
            guard case .approvalRequested(let request) = entry.event else { return nil }
            return ApprovalRecord(request: request, observed: entry.observed, seq: entry.seq, actor: entry.actor)
        }
        return HeldMoves(awaiting: moves.awaiting + new, rejected: moves.rejected)
    }
}

/// The baseline moves a run did not make.
public struct HeldMoves {
    /// Waiting for a person: requests made by this run or before it.
    public var awaiting: [ApprovalRecord] = []
    /// Rejected before, for the same value: not asked again until the value changes.
    public var rejected: [ApprovalRecord] = []

    public init(awaiting: [ApprovalRecord] = [], rejected: [ApprovalRecord] = []) {
        self.awaiting = awaiting
        self.rejected = rejected
    }

    public func contains(_ metric: MetricPath) -> Bool {
        awaiting.contains { $0.metric == metric } || rejected.contains { $0.metric == metric }
    }
}
