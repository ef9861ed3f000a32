import Foundation

/// An event store held in memory: the plain fold of `Projections`, used as the reference the LMDB log must match.
public final class InMemoryEventStore: EventStore, @unchecked Sendable {
    private let lock = NSLock()
    private var log: [LoggedEvent] = []
    private var ids: Set<EventID> = []
    private var projections = Projections()

    public init() {}

    @discardableResult
    public func append(_ events: [LoggedEvent]) throws -> [LoggedEvent] {
        lock.lock()
        defer { lock.unlock() }
        var appended: [LoggedEvent] = []
        for var entry in events where ids.insert(entry.id).inserted {
            entry.seq = UInt64(log.count + 1)
            log.append(entry)
            projections.apply(entry)
            appended.append(entry)
        }
        return appended
    }

    public func lastSeq() throws -> UInt64 { locked { UInt64(log.count) } }

    public func scan(from seq: UInt64, _ body: (LoggedEvent) throws -> Bool) throws {
        let events = locked { log }
        for event in events where event.seq >= seq {
            guard try body(event) else { return }
        }
    }

    public func currentStates() throws -> [MetricPath: MetricState] { locked { projections.current } }

    public func states(asOf time: Timestamp) throws -> [MetricPath: StateAsOf] {
        let (trend, baselines) = locked { (sortedTrend(), sortedBaselines()) }
        var result: [MetricPath: StateAsOf] = [:]
        for metric in Set(trend.keys).union(baselines.keys) {
            let state = StateAsOf(value: trend[metric]?.last { $0.observed <= time },
                                  baseline: baselines[metric]?.last { $0.observed <= time })
            if state.value != nil || state.baseline != nil { result[metric] = state }
        }
        return result
    }

    public func series(of metric: MetricPath, from: Timestamp, to: Timestamp) throws -> [Point] {
        locked { sortedTrend()[metric] ?? [] }.filter { $0.observed >= from && $0.observed <= to }
    }

    public func baselines(of metric: MetricPath, from: Timestamp, to: Timestamp) throws -> [BaselineRecord] {
        locked { sortedBaselines()[metric] ?? [] }.filter { $0.observed >= from && $0.observed <= to }
    }

    public func events(of metric: MetricPath, from: Timestamp, to: Timestamp) throws -> [LoggedEvent] {
        locked { log }.filter { $0.event.metric == metric && $0.observed >= from && $0.observed <= to }
            .sorted { ($0.observed, $0.seq) < ($1.observed, $1.seq) }
    }

    public func daily(_ day: Day) throws -> [MetricPath: Point] { locked { projections.daily[day] ?? [:] } }

    public func cacheEntries() throws -> [String: CacheRecord] { locked { projections.cache } }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    private func sortedTrend() -> [MetricPath: [Point]] {
        projections.trend.mapValues { $0.sorted { ($0.observed, $0.seq) < ($1.observed, $1.seq) } }
    }

    private func sortedBaselines() -> [MetricPath: [BaselineRecord]] {
        projections.baselines.mapValues { $0.sorted { ($0.observed, $0.seq) < ($1.observed, $1.seq) } }
    }
}
