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

extension ApprovalRequest {
    /// The number of a request appended as the event `id` when the log is shared through a team log: derived from
    /// the id, so every machine that pulls the request knows it by the same number and can decide it.
    ///
    /// Numbers from 1,000,000 up, never one a log numbers by itself (1, 2, 3, ...); two requests of the team get the
    /// same number with odds of about n² / 8.6 billion for n requests.
    public static func sharedNumber(for id: EventID) -> UInt32 {
        let floor: UInt32 = 1_000_000
        return floor + UInt32(truncatingIfNeeded: id.low ^ (id.low >> 32) ^ id.high) % (UInt32.max - floor)
    }
}
