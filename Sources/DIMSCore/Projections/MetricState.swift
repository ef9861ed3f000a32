/// A metric's baseline as last set: the value, when, who and why.
public struct BaselineRecord: Hashable, Sendable, EventPositioned {
    public var value: Value
    public var previous: Value?
    public var observed: Timestamp
    public var seq: UInt64
    public var actor: String
    public var reason: BaselineReason

    public init(value: Value, previous: Value?, observed: Timestamp, seq: UInt64, actor: String, reason: BaselineReason) {
        self.value = value
        self.previous = previous
        self.observed = observed
        self.seq = seq
        self.actor = actor
        self.reason = reason
    }
}

/// The outcome of one measurement attempt: a value, or the failure's reason.
public struct Attempt: Hashable, Sendable, EventPositioned {
    public var outcome: ProbeResult
    public var observed: Timestamp
    public var seq: UInt64
    public var fromCache: Bool

    public init(outcome: ProbeResult, observed: Timestamp, seq: UInt64, fromCache: Bool) {
        self.outcome = outcome
        self.observed = observed
        self.seq = seq
        self.fromCache = fromCache
    }

    public var value: Value? {
        if case .value(let value) = outcome { return value }
        return nil
    }
}

/// One point of a metric's series: a value at an observed time.
public struct Point: Hashable, Sendable, EventPositioned {
    public var observed: Timestamp
    public var seq: UInt64
    public var value: Value

    public init(observed: Timestamp, seq: UInt64, value: Value) {
        self.observed = observed
        self.seq = seq
        self.value = value
    }
}

/// The current state of one metric: its baseline and its last measurement attempt.
///
/// "Last" means latest by observed time, then seq, so the state does not depend on the order in which
/// events were appended: imported history never overrides a newer reading.
public struct MetricState: Hashable, Sendable {
    public var baseline: BaselineRecord?
    public var last: Attempt?
    /// The last successful reading; differs from `last` when the latest attempt failed.
    public var lastValue: Point?

    public init(baseline: BaselineRecord? = nil, last: Attempt? = nil, lastValue: Point? = nil) {
        self.baseline = baseline
        self.last = last
        self.lastValue = lastValue
    }

    /// Folds one event into the state; events about other metrics or of other kinds leave it as it is.
    public mutating func apply(_ entry: LoggedEvent) {
        switch entry.event {
        case .measured(let reading):
            let attempt = Attempt(outcome: .value(reading.value), observed: entry.observed, seq: entry.seq, fromCache: reading.fromCache)
            if entry.isAfter(last) { last = attempt }
            let point = Point(observed: entry.observed, seq: entry.seq, value: reading.value)
            if point.isAfter(lastValue) { lastValue = point }
        case .measurementFailed(let failure):
            let attempt = Attempt(outcome: .failure(failure.reason), observed: entry.observed, seq: entry.seq, fromCache: false)
            if entry.isAfter(last) { last = attempt }
        case .baselineSet(let change):
            if entry.isAfter(baseline) {
                baseline = BaselineRecord(value: change.value, previous: change.previous, observed: entry.observed,
                                          seq: entry.seq, actor: entry.actor, reason: change.reason)
            }
        default:
            break
        }
    }
}

/// A cache entry with the time it was written.
public struct CacheRecord: Hashable, Sendable {
    public var entry: CacheEntry
    public var written: Timestamp

    public init(entry: CacheEntry, written: Timestamp) {
        self.entry = entry
        self.written = written
    }

    public func isActive(at now: Timestamp) -> Bool { entry.expires > now }
}
