/// How much an alert matters. A channel receives the alerts at or above its `min_level`, in this order:
/// drift levels first, then a failed measurement, then an approval request.
public enum AlertLevel: UInt8, Hashable, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case moderate = 1, major, critical, error, approval

    public var description: String {
        switch self {
        case .moderate: "moderate"
        case .major: "major"
        case .critical: "critical"
        case .error: "error"
        case .approval: "approval"
        }
    }

    /// Reads a level's name, in any case.
    public init?(name: String) {
        guard let level = AlertLevel.allCases.first(where: { $0.description == name.lowercased() }) else { return nil }
        self = level
    }

    /// The level a verdict alerts at, or nil when it does not alert (OK, minor, new).
    public init?(_ verdict: Verdict) {
        switch verdict {
        case .error: self = .error
        case .ok, .new: return nil
        case .drifted, .changed:
            switch verdict.level {
            case .ok, .minor: return nil
            case .moderate: self = .moderate
            case .major: self = .major
            case .critical: self = .critical
            }
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Why an alert is sent.
public enum AlertKind: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// A metric entered a level at or above the channel's minimum (or a higher one while firing).
    case firing = 1
    /// The metric is still at that level after the channel's `repeat_after_hours`.
    case reminder
    /// The metric went back below the channel's minimum.
    case resolved
    /// Sent by `dims alerts test`.
    case test

    public var description: String {
        switch self {
        case .firing: "firing"
        case .reminder: "reminder"
        case .resolved: "resolved"
        case .test: "test"
        }
    }
}

/// An alert to send to one channel: queued in the outbox with the readings that caused it.
///
/// The event's id is the alert's idempotency key: a channel gets each queued alert at most once.
public struct Alert: Hashable, Sendable {
    public var channel: String
    public var kind: AlertKind
    public var level: AlertLevel
    public var metric: MetricPath?
    public var value: Value?
    public var baseline: Value?
    /// The status lines people read, as `verify` prints them.
    public var text: String

    public init(channel: String, kind: AlertKind, level: AlertLevel, metric: MetricPath?, value: Value? = nil, baseline: Value? = nil, text: String) {
        self.channel = channel
        self.kind = kind
        self.level = level
        self.metric = metric
        self.value = value
        self.baseline = baseline
        self.text = text
    }
}

/// What became of one delivery of a queued alert: its HTTP status (or a command's exit status) and why it failed.
public struct AlertOutcome: Hashable, Sendable {
    /// The id of the `alertQueued` event.
    public var alert: EventID
    public var channel: String
    /// The HTTP status or exit status of the last attempt; 0 when there was no answer.
    public var status: Int
    public var attempts: Int
    /// Why the last attempt failed; empty when it was delivered. Never holds a secret.
    public var reason: String

    public init(alert: EventID, channel: String, status: Int, attempts: Int, reason: String = "") {
        self.alert = alert
        self.channel = channel
        self.status = status
        self.attempts = attempts
        self.reason = reason
    }
}
