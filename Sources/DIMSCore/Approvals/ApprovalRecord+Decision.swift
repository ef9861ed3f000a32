extension ApprovalRecord {
    /// Why this request cannot be decided now, given its metric's current state; nil when it can.
    ///
    /// A decided request cannot be decided again; a request is stale once a newer request for the metric
    /// exists, a newer measurement differs from the requested value, or the baseline moved after it.
    public func refusal(state: MetricState?) -> ApprovalError? {
        let name = "Request #\(number) for '\(metric)'"
        switch status {
        case .granted(let decision):
            return ApprovalError(code: .alreadyDecided, message: "\(name) was already accepted by \(decision.decision.reviewer) at \(decision.observed.iso8601)")
        case .rejected(let decision):
            return ApprovalError(code: .alreadyDecided, message: "\(name) was already rejected by \(decision.decision.reviewer) at \(decision.observed.iso8601)")
        case .superseded(let newer):
            return ApprovalError(code: .stale, message: "\(name) is stale: request #\(newer) for the same metric is newer; decide that one")
        case .pending:
            break
        }
        if let point = state?.lastValue, point.position > position, point.value != request.value {
            return ApprovalError(code: .stale, message: "\(name) is stale: a newer measurement (\(point.value) at \(point.observed.iso8601)) differs from the requested \(request.value)")
        }
        if let baseline = state?.baseline, baseline.position > position {
            return ApprovalError(code: .stale, message: "\(name) is stale: its baseline moved since, to \(baseline.value) by \(baseline.actor) (\(baseline.reason))")
        }
        return nil
    }
}
