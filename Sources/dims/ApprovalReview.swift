import DIMSCore
import DIMSReports
import DIMSStore
import DIMSWorkflow

/// `approve review`: a request with what a reviewer needs to decide it.
struct ApprovalReview {
    let project: Project
    let log: EventLog
    let number: UInt32
    let json: Bool

    /// Readings of the metric shown, at most.
    static let historyLimit = 10

    func show() throws {
        let approvals = try project.store { try log.approvals() }
        let record: ApprovalRecord
        do {
            record = try approvals.record(number)
        } catch {
            throw DIMSError(.badInput, error.message)
        }
        let request = record.request
        let now = project.clock.now()
        let state = try project.store { try log.currentStates()[request.metric] }
        let history = try project.store { try log.series(of: request.metric, from: Timestamp(micros: .min / 2), to: now) }.suffix(ApprovalReview.historyLimit)
        let run = try project.store { try log.events(observedAt: record.observed) }.filter { $0.seq != record.seq && $0.event.metric != request.metric }
        let stale = record.isPending ? record.refusal(state: state)?.message : nil
        let sameRun = run.compactMap(ApprovalReview.describe)
        let measured = run.filter { if case .measured = $0.event { true } else { false } }.count
        if json {
            Console.answer(ApprovalReviewAnswer(request: ApprovalAnswer(record, stale: stale),
                                                history: history.map { ApprovalReviewAnswer.Reading(observed: $0.observed.iso8601, value: $0.value.description) },
                                                baseline: state?.baseline?.value.description, sameRun: sameRun, sameRunMeasured: measured))
            return
        }
        Console.out("Request #\(number): \(request.metric) \(TerminalFormat.value(request.previous)) → \(TerminalFormat.value(request.value)) "
                    + "(\(TerminalFormat.change(request))), \(request.trigger)")
        Console.out("Asked by \(record.actor) at \(record.observed.iso8601) (\(request.run))")
        switch record.status {
        case .pending: Console.out("Status: pending" + (stale.map { " — \($0)" } ?? ""))
        case .granted(let d), .rejected(let d):
            let notes = d.decision.notes.isEmpty ? "" : ": \(d.decision.notes)"
            let applied = record.status.name == "accepted" && !d.decision.applied ? " (baseline not moved)" : ""
            Console.out("Status: \(record.status.name) by \(d.decision.reviewer) at \(d.observed.iso8601)\(applied)\(notes)")
        case .superseded(let newer): Console.out("Status: superseded by #\(newer)")
        }
        if let baseline = state?.baseline {
            Console.out("Baseline now: \(TerminalFormat.value(baseline.value)) (set \(baseline.observed.iso8601) by \(baseline.actor), \(baseline.reason))")
        }
        Console.out("")
        Console.out("Recent readings of \(request.metric):")
        for point in history { Console.out("  \(point.observed.iso8601)  \(TerminalFormat.value(point.value))") }
        Console.out("")
        Console.out("The same run measured \(measured) other \(measured == 1 ? "metric" : "metrics")" + (sameRun.isEmpty ? "; nothing else moved or failed" : ", and:"))
        for line in sameRun { Console.out("  \(line)") }
    }

    /// A line for what else happened in the run: baseline moves, requests and failures.
    static func describe(_ entry: LoggedEvent) -> String? {
        switch entry.event {
        case .baselineSet(let change):
            return "baseline \(change.metric): \(change.previous.map(TerminalFormat.value) ?? "none") → \(TerminalFormat.value(change.value)) (\(change.reason))"
        case .approvalRequested(let request):
            return "request #\(request.number) \(request.metric): \(TerminalFormat.value(request.previous)) → \(TerminalFormat.value(request.value)) (\(TerminalFormat.change(request)), \(request.trigger))"
        case .measurementFailed(let failure):
            return "failed \(failure.metric): \(failure.reason)"
        default:
            return nil
        }
    }
}

/// `approve review --json`: the request's keys (`ApprovalAnswer`) and beside them its metric's recent readings, current
/// baseline, what else the run that asked measured, and how many.
struct ApprovalReviewAnswer: Encodable {
    struct Reading: Encodable {
        let observed: String
        let value: String
    }

    let request: ApprovalAnswer
    let history: [Reading]
    let baseline: String?
    let sameRun: [String]
    let sameRunMeasured: Int

    enum CodingKeys: String, CodingKey {
        case history, baseline, sameRun = "same_run", sameRunMeasured = "same_run_measured"
    }

    func encode(to encoder: any Encoder) throws {
        try request.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(history, forKey: .history)
        try container.encode(baseline, forKey: .baseline)
        try container.encode(sameRun, forKey: .sameRun)
        try container.encode(sameRunMeasured, forKey: .sameRunMeasured)
    }
}
