import DIMSCore
import DIMSReports
import DIMSStore
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
        do {
            try log.decide(number, events)
        } catch let error as ApprovalError {
            throw DIMSError(.badInput, error.message)
        } catch let error as StoreError {
            throw DIMSError(.store, error.message)
        }
        if decision.applied { try MetricsFileWriter(project: project, config: config).write(from: log) }
        let baseline = TerminalFormat.value(decision.applied ? request.value : request.previous)
        if json {
            Console.json(["id": Int(number), "metric": request.metric.rawValue, "decision": granted ? "accepted" : "rejected",
                          "reviewer": reviewer, "notes": options.notes, "applied": decision.applied, "baseline": baseline])
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

/// The answers about requests as JSON.
enum ApprovalAnswer {
    static func json(_ record: ApprovalRecord, stale: String? = nil) -> [String: Any] {
        let request = record.request
        var answer: [String: Any] = [
            "id": Int(request.number), "metric": request.metric.rawValue, "previous": request.previous.description,
            "value": request.value.description, "change": TerminalFormat.change(request), "trigger": request.trigger.description,
            "run": request.run.description, "asked_by": record.actor, "asked_at": record.observed.iso8601, "status": record.status.name,
        ]
        switch record.status {
        case .granted(let decision), .rejected(let decision):
            answer["reviewer"] = decision.decision.reviewer
            answer["notes"] = decision.decision.notes
            answer["decided_at"] = decision.observed.iso8601
            answer["applied"] = decision.decision.applied
        case .superseded(let newer):
            answer["superseded_by"] = Int(newer)
        case .pending:
            break
        }
        if let stale { answer["stale"] = stale }
        return answer
    }
}
