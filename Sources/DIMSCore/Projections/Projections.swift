/// Every projection of the log held in memory: the reference fold that the store's projections must equal.
///
/// `Projections(replaying:)` is the definition of what the store keeps; tests compare the LMDB projections with it.
public struct Projections: Hashable, Sendable {
    public var current: [MetricPath: MetricState] = [:]
    /// Per UTC day and metric, the last value observed that day.
    public var daily: [Day: [MetricPath: Point]] = [:]
    /// Per metric, its measured points in (observed, seq) order.
    public var trend: [MetricPath: [Point]] = [:]
    /// Per metric, every baseline it has had in (observed, seq) order.
    public var baselines: [MetricPath: [BaselineRecord]] = [:]
    public var cache: [String: CacheRecord] = [:]
    /// Every approval request and where it stands.
    public var approvals = Approvals()
    /// Events skipped because this build cannot read them.
    public var skipped: Int = 0

    public init() {}

    public init<S: Sequence>(replaying entries: S) where S.Element == LoggedEvent {
        for entry in entries { apply(entry) }
        for key in trend.keys { trend[key]!.sortByPosition() }
        for key in baselines.keys { baselines[key]!.sortByPosition() }
    }

    /// Folds one event into every projection. Trend and baseline series are appended unsorted; sort before reading.
    public mutating func apply(_ entry: LoggedEvent) {
        if let metric = entry.event.metric { current[metric, default: MetricState()].apply(entry) }
        switch entry.event {
        case .measured(let reading):
            let point = Point(observed: entry.observed, seq: entry.seq, value: reading.value)
            let day = entry.observed.day
            if point.isAfter(daily[day]?[reading.metric]) { daily[day, default: [:]][reading.metric] = point }
            trend[reading.metric, default: []].append(point)
        case .baselineSet(let change):
            baselines[change.metric, default: []].append(BaselineRecord(
                value: change.value, previous: change.previous, observed: entry.observed, seq: entry.seq,
                actor: entry.actor, reason: change.reason))
        case .cacheWritten(let entryValue):
            cache[entryValue.key] = CacheRecord(entry: entryValue, written: entry.recorded)
        case .cacheCleared(let key):
            if let key { cache[key] = nil } else { cache.removeAll() }
        case .unknown:
            skipped += 1
        case .approvalRequested, .approvalGranted, .approvalRejected:
            approvals.apply(entry)
        case .measurementFailed, .snapshotTaken, .imported, .migrationProved:
            break
        case .triggered, .alertQueued, .alertDelivered, .alertFailed, .alertWithheld, .breakdownRecorded:
            break
        }
    }
}
