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

/// A metric path or a glob over metric paths: `*` matches any run of characters, `?` one character.
public struct MetricPattern: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let text: String

    public init(_ text: String) { self.text = text }
    public init(stringLiteral value: String) { self.text = value }

    public var description: String { text }

    public func matches(_ metric: MetricPath) -> Bool {
        MetricPattern.match(Array(text.unicodeScalars), Array(metric.rawValue.unicodeScalars))
    }

    /// Iterative wildcard matching with backtracking to the last `*`.
    private static func match(_ pattern: [Unicode.Scalar], _ text: [Unicode.Scalar]) -> Bool {
        var p = 0, t = 0
        var star: Int?, resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if let s = star {
                p = s + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
