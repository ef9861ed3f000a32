/// A run's request that a person approve moving a metric's baseline from `previous` to `value`.
public struct ApprovalRequest: Hashable, Sendable {
    /// The request's small number, allocated by the log when the request is appended; 0 before.
    public var number: UInt32
    public var metric: MetricPath
    public var previous: Value
    public var value: Value
    public var trigger: ApprovalTrigger
    /// The run that asked: `update` or `verify --update`.
    public var run: BaselineReason

    public init(number: UInt32 = 0, metric: MetricPath, previous: Value, value: Value, trigger: ApprovalTrigger, run: BaselineReason) {
        self.number = number
        self.metric = metric
        self.previous = previous
        self.value = value
        self.trigger = trigger
        self.run = run
    }

    /// The move as a verdict: how far `value` is from `previous`.
    public func verdict(_ thresholds: Thresholds) -> Verdict {
        Verdict.compare(value, baseline: previous, thresholds: thresholds)
    }
}
