import Foundation
import NIOConcurrencyHelpers

/// An event store held in memory: the plain fold of `Projections`, used as the reference the LMDB log must match.
public final class InMemoryEventStore: EventStore, Sendable {
    private struct State {
        var log: [LoggedEvent] = []
        var ids: Set<EventID> = []
        var projections = Projections()
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    @discardableResult
    public func append(_ events: [LoggedEvent]) throws -> [LoggedEvent] {
        state.withLockedValue { state in
            var appended: [LoggedEvent] = []
            for var entry in events where state.ids.insert(entry.id).inserted {
                entry.seq = UInt64(state.log.count + 1)
                state.log.append(entry)
                state.projections.apply(entry)
                appended.append(entry)
            }
            return appended
        }
    }

    public func lastSeq() throws -> UInt64 { locked { UInt64($0.log.count) } }

    public func scan(from seq: UInt64, _ body: (LoggedEvent) throws -> Bool) throws {
        let events = locked { $0.log }
        for event in events where event.seq >= seq {
            guard try body(event) else { return }
        }
    }

    public func currentStates() throws -> [MetricPath: MetricState] { locked { $0.projections.current } }

    public func states(asOf time: Timestamp) throws -> [MetricPath: StateAsOf] {
        let projections = locked { $0.projections }
        let (trend, baselines) = (sorted(projections.trend), sorted(projections.baselines))
        var result: [MetricPath: StateAsOf] = [:]
        for metric in Set(trend.keys).union(baselines.keys) {
            let state = StateAsOf(value: trend[metric]?.last { $0.observed <= time },
                                  baseline: baselines[metric]?.last { $0.observed <= time })
            if state.value != nil || state.baseline != nil { result[metric] = state }
        }
        return result
    }

    public func series(of metric: MetricPath, from: Timestamp, to: Timestamp) throws -> [Point] {
        sorted(locked { $0.projections.trend })[metric] ?? [].filter { $0.observed >= from && $0.observed <= to }
    }

    public func baselines(of metric: MetricPath, from: Timestamp, to: Timestamp) throws -> [BaselineRecord] {
        sorted(locked { $0.projections.baselines })[metric] ?? [].filter { $0.observed >= from && $0.observed <= to }
    }

    public func events(of metric: MetricPath, from: Timestamp, to: Timestamp) throws -> [LoggedEvent] {
        locked { $0.log }.filter { $0.event.metric == metric && $0.observed >= from && $0.observed <= to }
            .sortedByPosition()
    }

    public func daily(_ day: Day) throws -> [MetricPath: Point] { locked { $0.projections.daily[day] ?? [:] } }

    public func cacheEntries() throws -> [String: CacheRecord] { locked { $0.projections.cache } }

    private func locked<T: Sendable>(_ body: (State) -> T) -> T {
        state.withLockedValue { body($0) }
    }

    private func sorted<Record: EventPositioned>(_ records: [MetricPath: [Record]]) -> [MetricPath: [Record]] {
        records.mapValues { $0.sortedByPosition() }
    }
}
