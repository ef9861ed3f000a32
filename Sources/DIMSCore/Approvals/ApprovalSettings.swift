/// `approval:` of the config: which baseline moves wait for a person's approval.
public struct ApprovalSettings: Hashable, Sendable {
    /// `approval.enabled` (and `features.approval_workflow` when given): requests for critical metrics and
    /// critical drift of stable metrics. The collapse-to-zero guard holds either way.
    public var enabled: Bool
    /// Full metric paths or glob patterns (`s3_storage.*`).
    public var criticalMetrics: [MetricPattern]
    /// The smallest drift, in percent, of a critical metric that needs approval.
    public var threshold: Double

    public init(enabled: Bool = false, criticalMetrics: [MetricPattern] = [], threshold: Double = 10) {
        self.enabled = enabled
        self.criticalMetrics = criticalMetrics
        self.threshold = threshold
    }

    /// Whether `metric` is listed in `critical_metrics`.
    public func isCritical(_ metric: MetricPath) -> Bool {
        criticalMetrics.contains { $0.matches(metric) }
    }
}
