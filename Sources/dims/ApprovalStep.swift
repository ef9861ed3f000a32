import DIMSCore
import DIMSStore

/// The approval step of `verify --update` and `update`: which of a run's baseline moves wait for a person.
struct ApprovalStep {
    let policy: ApprovalPolicy
    let specs: [MetricPath: MetricSpec]
    let approvals: Approvals
    let actor: String
    /// Whether requests take numbers shared by every machine of a team log (`ApprovalRequest.sharedNumber`).
    let shared: Bool

    init(project: Project, config: InventoryConfig, log: EventLog) throws {
        policy = ApprovalPolicy(settings: config.approval, thresholds: config.thresholds)
        specs = Dictionary(config.metrics.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        approvals = try project.store { try log.approvals() }
        actor = project.actor
        shared = try project.teamSettings(config) != nil
    }

    /// Splits `changes` into moves made now, new requests, and moves held by earlier requests.
    func split(_ changes: [BaselineChange]) -> BaselineMoves {
        policy.split(changes, specs: specs, approvals: approvals)
    }

    /// The events of `moves`: a baseline move for each move made now, a request for each new one.
    func events(for moves: BaselineMoves, at now: Timestamp) -> [LoggedEvent] {
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
    static func held(_ moves: BaselineMoves, appended: [LoggedEvent]) -> HeldMoves {
        let new = appended.compactMap { entry -> ApprovalRecord? in
            guard case .approvalRequested(let request) = entry.event else { return nil }
            return ApprovalRecord(request: request, observed: entry.observed, seq: entry.seq, actor: entry.actor)
        }
        return HeldMoves(awaiting: moves.awaiting + new, rejected: moves.rejected)
    }
}

/// The baseline moves a run did not make.
struct HeldMoves {
    /// Waiting for a person: requests made by this run or before it.
    var awaiting: [ApprovalRecord] = []
    /// Rejected before, for the same value: not asked again until the value changes.
    var rejected: [ApprovalRecord] = []

    func contains(_ metric: MetricPath) -> Bool {
        awaiting.contains { $0.metric == metric } || rejected.contains { $0.metric == metric }
    }
}
