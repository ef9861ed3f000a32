/// A reviewer's answer to a request: granted (`approvalGranted`) or rejected (`approvalRejected`).
public struct ApprovalDecision: Hashable, Sendable {
    public var number: UInt32
    public var metric: MetricPath
    public var reviewer: String
    public var notes: String
    /// Whether the requested value became the baseline in the same transaction; false with `--no-auto-apply` and for a rejection.
    public var applied: Bool

    public init(number: UInt32, metric: MetricPath, reviewer: String, notes: String, applied: Bool) {
        self.number = number
        self.metric = metric
        self.reviewer = reviewer
        self.notes = notes
        self.applied = applied
    }
}
