import DIMSCore
import DIMSReports
import DIMSStore
import DIMSTeam
import DIMSWorkflow

/// Accepts or rejects one request: checks it, appends the decision (and the baseline move) in one checked
/// transaction, then rewrites metrics.yaml.
struct ApprovalDecider {
    let project: Project
    let options: DecisionOptions
    let json: Bool

    func decide(granted: Bool, apply: Bool) throws {
        let config = try project.config()
        // A project without a log has no requests: say so without creating one.
        guard try project.openLogForReading() != nil else {
            throw DIMSError(.badInput, ApprovalError.unknownMessage(options.id, highest: nil))
        }
        let log = try project.openLog()
        // With a team log, decisions made on other machines are pulled first, so a decided request is refused here.
        try project.pullFromTeam(config: config, into: log)
        let approvals = try project.store { try log.approvals() }
        let number = options.id
        let record: ApprovalRecord
        do {
            record = try approvals.record(number)
        } catch {
            throw DIMSError(.badInput, error.message)
        }
        let state = try project.store { try log.currentStates()[record.metric] }
        if let refusal = record.refusal(state: state) { throw DIMSError(.badInput, refusal.message) }
        let now = project.clock.now()
        let reviewer = options.reviewer ?? project.actor
        let decision = ApprovalDecision(number: number, metric: record.metric, reviewer: reviewer, notes: options.notes, applied: granted && apply)
        var events = [LoggedEvent(recorded: now, observed: now, actor: project.actor,
                                  event: granted ? .approvalGranted(decision) : .approvalRejected(decision))]
        let request = record.request
        if decision.applied {
            events.append(LoggedEvent(recorded: now, observed: now, actor: project.actor, event: .baselineSet(BaselineChange(
                metric: request.metric, previous: state?.baseline?.value ?? request.previous, value: request.value, reason: .approval))))
        }
        try claim(number, decision: events[0], config: config)
        do {
            try log.decide(number, events)
        } catch let error as ApprovalError {
            throw DIMSError(.badInput, error.message)
        } catch let error as StoreError {
            throw DIMSError(.store, error.message)
        }
        try project.pushToTeam(config: config, from: log)
        if decision.applied { try MetricsFileWriter(project: project, config: config).write(from: log) }
        let baseline = TerminalFormat.value(decision.applied ? request.value : request.previous)
        if json {
            Console.answer(DecisionAnswer(id: number, metric: request.metric.rawValue, decision: granted ? "accepted" : "rejected",
                                          reviewer: reviewer, notes: options.notes, applied: decision.applied, baseline: baseline))
            return
        }
        let move = "\(TerminalFormat.value(request.previous)) → \(TerminalFormat.value(request.value)) (\(TerminalFormat.change(request)))"
        let notes = options.notes.isEmpty ? "" : ": \(options.notes)"
        switch (granted, decision.applied) {
        case (true, true): Console.out("✅ Accepted #\(number) by \(reviewer)\(notes); \(request.metric) baseline \(move)")
        case (true, false): Console.out("✅ Accepted #\(number) by \(reviewer)\(notes); \(request.metric) baseline stays at \(baseline) until a run measures \(TerminalFormat.value(request.value)) again")
        case (false, _): Console.out("❌ Rejected #\(number) by \(reviewer)\(notes); \(request.metric) baseline stays at \(baseline) (asked: \(move))")
        }
    }
}

extension ApprovalDecider {
    /// With a team log, claims the decision of request `number` on the server before appending it, so that of two
    /// machines deciding the same request at once only one does; the other is refused (exit 2) naming who decides.
    /// Offline, the decision is made here alone and pushed by the next command.
    func claim(_ number: UInt32, decision: LoggedEvent, config: InventoryConfig) throws {
        guard let remote = try project.teamConnection(config, instead: "deciding on this machine alone; the decision is pushed by the next command") else { return }
        let claim = try project.team { try remote.claim("approval:\(number)", holder: decision.id, actor: project.actor) }
        guard claim.actor != project.actor else { return }
        throw DIMSError(.badInput, "Request #\(number) is being decided on another machine by \(claim.actor); run 'dims sync' and 'dims approve review --id \(number)' to see the decision")
    }
}

/// A request as `approve list` and `approve review` answer it under `--json`; the keys of another status are null.
struct ApprovalAnswer: Encodable {
    let id: UInt32
    let metric: String
    let previous: String
    let value: String
    let change: String
    let trigger: String
    let run: String
    let askedBy: String
    let askedAt: String
    let status: String
    var reviewer: String?
    var notes: String?
    var decidedAt: String?
    var applied: Bool?
    var supersededBy: UInt32?
    let stale: String?

    init(_ record: ApprovalRecord, stale: String? = nil) {
        let request = record.request
        id = request.number
        metric = request.metric.rawValue
        previous = request.previous.description
        value = request.value.description
        change = TerminalFormat.change(request)
        trigger = request.trigger.description
        run = request.run.description
        askedBy = record.actor
        askedAt = record.observed.iso8601
        status = record.status.name
        self.stale = stale
        switch record.status {
        case .granted(let decision), .rejected(let decision):
            reviewer = decision.decision.reviewer
            notes = decision.decision.notes
            decidedAt = decision.observed.iso8601
            applied = decision.decision.applied
        case .superseded(let newer):
            supersededBy = newer
        case .pending:
            break
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, metric, previous, value, change, trigger, run, askedBy = "asked_by", askedAt = "asked_at", status
        case reviewer, notes, decidedAt = "decided_at", applied, supersededBy = "superseded_by", stale
    }
}

/// `approve accept|reject --json`: the decision, and the metric's baseline after it.
struct DecisionAnswer: Encodable {
    let id: UInt32
    let metric: String
    let decision: String
    let reviewer: String
    let notes: String
    let applied: Bool
    let baseline: String
}
