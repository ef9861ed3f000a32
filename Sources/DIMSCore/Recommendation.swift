/// A suggestion drawn from the metrics' facts, with the numbers that support it.
public struct Recommendation: Hashable, Sendable {
    /// The rule that made it.
    public enum Rule: String, Hashable, Sendable, CaseIterable {
        /// A metric's trend reaches its `max`, `min` or budget within the rule's horizon.
        case limitApproaching = "limit_approaching"
        /// A metric is already past one of its limits.
        case limitExceeded = "limit_exceeded"
        /// Code grows much faster than documentation.
        case docsBehindCode = "docs_behind_code"
        /// Most objects of a bucket are small.
        case manySmallObjects = "many_small_objects"
        /// The newest data is much older than it usually is.
        case staleData = "stale_data"
        /// A volatile metric, expected to grow, fell below its baseline.
        case possibleDataLoss = "possible_data_loss"
    }

    public var rule: Rule
    /// The metrics it is about, the main one first.
    public var metrics: [MetricPath]
    /// What to do and why, with its numbers: one sentence.
    public var message: String
    /// The numbers behind it, by name (`per_week_pct`, `limit`, `days_to_limit`, ...).
    public var evidence: [String: Double]

    public init(rule: Rule, metrics: [MetricPath], message: String, evidence: [String: Double]) {
        self.rule = rule
        self.metrics = metrics
        self.message = message
        self.evidence = evidence
    }
}
