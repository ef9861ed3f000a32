/// Why a baseline move waits for a person's approval.
public enum ApprovalTrigger: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// A metric listed in `approval.critical_metrics` moved by at least `require_approval_threshold` percent.
    case criticalMetric = 1
    /// The value fell to zero (or its type's empty value) from a non-empty baseline.
    case collapse = 2
    /// A stable metric drifted at the critical level.
    case stableCriticalDrift = 3

    public var description: String {
        switch self {
        case .criticalMetric: "critical metric"
        case .collapse: "collapse to zero"
        case .stableCriticalDrift: "critical drift of a stable metric"
        }
    }
}
