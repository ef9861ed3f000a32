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

/// Why a request cannot be decided.
public struct ApprovalError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: Hashable, Sendable { case unknownRequest, alreadyDecided, stale }
    public let code: Code
    public let message: String
    public var description: String { message }

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `No approval request #9 (requests are numbered 1 to 4)`.
    public static func unknownMessage(_ number: UInt32, highest: UInt32?) -> String {
        let known = highest.map { " (requests are numbered 1 to \($0))" } ?? " (there are no requests yet)"
        return "No approval request #\(number)\(known)"
    }
}
