/// Why a baseline moved.
public enum BaselineReason: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case update = 1
    case verifyUpdate = 2
    case `import` = 3
    case approval = 4
    case manual = 5
    /// The committed `metrics.yaml` said so: a hand edit, a merge, or a run of the original tool.
    case file = 6

    public var description: String {
        switch self {
        case .update: "update"
        case .verifyUpdate: "verify --update"
        case .import: "import"
        case .approval: "approval"
        case .manual: "manual"
        case .file: "file"
        }
    }
}

/// A change of a metric's recorded baseline: the value readings are compared with.
public struct BaselineChange: Hashable, Sendable {
    public var metric: MetricPath
    public var previous: Value?
    public var value: Value
    public var reason: BaselineReason

    public init(metric: MetricPath, previous: Value?, value: Value, reason: BaselineReason) {
        self.metric = metric
        self.previous = previous
        self.value = value
        self.reason = reason
    }
}
