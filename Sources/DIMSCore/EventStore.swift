/// A metric's value and baseline as of a moment.
public struct StateAsOf: Hashable, Sendable {
    public var value: Point?
    public var baseline: BaselineRecord?

    public init(value: Point?, baseline: BaselineRecord?) {
        self.value = value
        self.baseline = baseline
    }
}

/// An append-only event log with its projections: what every command reads and writes.
///
/// The LMDB log (`DIMSStore.EventLog`) is the embedded store; `InMemoryEventStore` is the reference that
/// defines its behaviour in tests; a shared team store (PostgreSQL) implements the same surface.
public protocol EventStore: AnyObject, Sendable {
    /// Appends `events` all or nothing, assigning gapless seqs; events whose id is already stored are skipped.
    @discardableResult
    func append(_ events: [LoggedEvent]) throws -> [LoggedEvent]
    /// The seq of the last event, 0 when empty.
    func lastSeq() throws -> UInt64
    /// Calls `body` with every event from `seq` on, in seq order, until it returns false.
    func scan(from seq: UInt64, _ body: (LoggedEvent) throws -> Bool) throws
    /// Every metric's baseline and last attempt.
    func currentStates() throws -> [MetricPath: MetricState]
    /// Every metric's value and baseline as of `time` (observed time).
    func states(asOf time: Timestamp) throws -> [MetricPath: StateAsOf]
    /// A metric's points observed in `from...to`, oldest first.
    func series(of metric: MetricPath, from: Timestamp, to: Timestamp) throws -> [Point]
    /// A metric's baselines set in `from...to`, oldest first.
    func baselines(of metric: MetricPath, from: Timestamp, to: Timestamp) throws -> [BaselineRecord]
    /// Every event that touched `metric`, observed in `from...to`, in (observed, seq) order.
    func events(of metric: MetricPath, from: Timestamp, to: Timestamp) throws -> [LoggedEvent]
    /// Each metric's last value observed on `day`.
    func daily(_ day: Day) throws -> [MetricPath: Point]
    /// The cache projection.
    func cacheEntries() throws -> [String: CacheRecord]
}
