/// How far a reading moved from its baseline, as the workflow document's drift table classifies it.
public enum DriftLevel: Int, Hashable, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case ok = 0, minor, moderate, major, critical

    public var description: String {
        switch self {
        case .ok: "OK"
        case .minor: "minor"
        case .moderate: "moderate"
        case .major: "major"
        case .critical: "critical"
        }
    }

    /// Reads `ok`, `minor`, `moderate`, `major` or `critical`, in any case.
    public init?(name: String) {
        guard let level = DriftLevel.allCases.first(where: { $0.description.lowercased() == name.lowercased() }) else { return nil }
        self = level
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Whether a metric is expected to change often (volatile) or rarely (stable).
public enum Volatility: String, Hashable, Sendable {
    case stable, volatile
}

/// How much a drift matters, given the metric's volatility.
public enum Severity: Int, Hashable, Sendable, Comparable, CustomStringConvertible {
    case none = 0, low, medium, high, critical

    public var description: String {
        switch self {
        case .none: "None"
        case .low: "Low"
        case .medium: "Medium"
        case .high: "High"
        case .critical: "Critical"
        }
    }

    /// The seed's table: volatile low/medium/high/critical, stable medium/high/critical/critical.
    public init(level: DriftLevel, volatility: Volatility) {
        switch (level, volatility) {
        case (.ok, _): self = .none
        case (.minor, .volatile): self = .low
        case (.moderate, .volatile): self = .medium
        case (.major, .volatile): self = .high
        case (.minor, .stable): self = .medium
        case (.moderate, .stable): self = .high
        case (.major, .stable), (.critical, _): self = .critical
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The percentages at which drift becomes moderate, major and critical (`verification.thresholds`).
public struct Thresholds: Hashable, Sendable {
    public var minor: Double
    public var moderate: Double
    public var major: Double

    public init(minor: Double = 5, moderate: Double = 15, major: Double = 25) {
        self.minor = minor
        self.moderate = moderate
        self.major = major
    }

    /// The level of a drift of `percent` (absolute value taken).
    public func level(percent: Double) -> DriftLevel {
        let p = abs(percent)
        if p == 0 { return .ok }
        if p < minor { return .minor }
        if p < moderate { return .moderate }
        if p <= major { return .major }
        return .critical
    }
}

/// The outcome of comparing a reading with its baseline.
public enum Verdict: Hashable, Sendable {
    /// Same value as the baseline.
    case ok
    /// A numeric value moved by `delta` (absolute) and `percent` (relative to the baseline; nil for a zero baseline).
    case drifted(level: DriftLevel, delta: Double, percent: Double?)
    /// A string or boolean value differs from its baseline.
    case changed
    /// No baseline to compare with.
    case new
    /// The measurement failed; a comparison that could not be made is never a pass.
    case error(String)

    /// The drift level this verdict counts as: `changed` counts as critical, `new` as none, `error` as none.
    public var level: DriftLevel {
        switch self {
        case .ok, .new, .error: .ok
        case .drifted(let level, _, _): level
        case .changed: .critical
        }
    }

    public var isDrift: Bool {
        switch self {
        case .drifted, .changed: true
        default: false
        }
    }

    /// Compares `value` with `baseline` using `thresholds`.
    public static func compare(_ value: Value, baseline: Value?, thresholds: Thresholds) -> Verdict {
        guard let baseline else { return .new }
        if let now = value.number, let then = baseline.number {
            if now == then { return .ok }
            let delta = now - then
            guard then != 0 else { return .drifted(level: .critical, delta: delta, percent: nil) }
            let percent = delta / abs(then) * 100
            return .drifted(level: thresholds.level(percent: percent), delta: delta, percent: percent)
        }
        return value == baseline ? .ok : .changed
    }
}
