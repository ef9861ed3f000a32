public import DIMSCore

/// A metric's `limits:`: the value it should stay under (`max`, or `budget` on a cost metric) or above (`min`).
public struct MetricLimits: Hashable, Sendable {
    public var max: Double?
    public var min: Double?
    /// A `max` named as a budget, e.g. dollars a month on a cost metric.
    public var budget: Double?

    public init(max: Double? = nil, min: Double? = nil, budget: Double? = nil) {
        self.max = max
        self.min = min
        self.budget = budget
    }

    /// The limits of `spec` (its `limits:` map; the config loader has checked that each is a number).
    public init(_ spec: MetricSpec) {
        let map = spec["limits"]
        self.init(max: map?["max"]?.double, min: map?["min"]?.double, budget: map?["budget"]?.double)
    }

    /// Each limit with its kind, in the order max, budget, min.
    public var all: [(kind: LimitKind, value: Double)] {
        [(LimitKind.max, max), (.budget, budget), (.min, min)].compactMap { kind, value in value.map { (kind, $0) } }
    }

    public var isEmpty: Bool { all.isEmpty }
}

/// Which side of a limit a metric should stay on.
public enum LimitKind: String, Hashable, Sendable, Codable, CaseIterable {
    case max, budget, min

    /// Whether the metric should stay at or below the limit.
    public var isUpper: Bool { self != .min }
}
