public import DIMSCore
public import DIMSStore

/// The approval step of `verify --update` and `update`: which of a run's baseline moves wait for a person.
public struct ApprovalStep {
    public let policy: ApprovalPolicy
    public let specs: [MetricPath: MetricSpec]
    public let approvals: Approvals
    public let actor: String
    /// Whether requests take numbers shared by every machine of a team log (`ApprovalRequest.sharedNumber`).
    public let shared: Bool

    public init(project: Project, config: InventoryConfig, log: EventLog) throws {
        policy = ApprovalPolicy(settings: config.approval, thresholds: config.thresholds)
        specs = Dictionary(config.metrics.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        approvals = try project.store { try log.approvals() }
        actor = project.actor
        shared = try project.teamSettings(config) != nil
    }

    /// Splits `changes` into moves made now, new requests, and moves held by earlier requests.
    public func split(_ changes: [BaselineChange]) -> BaselineMoves {
        policy.split(changes, specs: specs, approvals: approvals)
    }

    /// The events of `moves`: a baseline move for each move made now, a request for each new one.
    public func events(for moves: BaselineMoves, at now: Timestamp) -> [LoggedEvent] {
        moves.apply.map { LoggedEvent(recorded: now, observed: now, actor: actor, event: .baselineSet($0)) }
            + moves.requests.map { request(for: $0, at: now) }
    }

    /// The event of a new request; with a team log, numbered from its id (another id when the number is taken here).
    func request(for request: ApprovalRequest, at now: Timestamp) -> LoggedEvent {
        var entry = LoggedEvent(recorded: now, observed: now, actor: actor, event: .approvalRequested(request))
        guard shared else { return entry }
        var numbered = request
        repeat {
            entry.id = .timeOrdered(at: now)
            numbered.number = ApprovalRequest.sharedNumber(for: entry.id)
        } while approvals.records[numbered.number] != nil
        entry.event = .approvalRequested(numbered)
        return entry
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
