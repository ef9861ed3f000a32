public import DIMSCore

/// A deterministic random number generator (SplitMix64), so property tests can print and replay their seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Builds events for tests.
public enum EventFactory {
    public static let start = Day(year: 2025, month: 1, day: 1).start

    /// A random event sequence over `metrics` metrics and `days` days, with every kind, observed times out of order.
    public static func random(count: Int, metrics: Int = 6, days: Int = 40, seed: UInt64) -> [LoggedEvent] {
        var g = SeededGenerator(seed: seed)
        var result: [LoggedEvent] = []
        for i in 0..<count {
            let metric = MetricPath("cat\(Int.random(in: 0..<2, using: &g)).m\(Int.random(in: 0..<metrics, using: &g))")
            let observed = start.adding(seconds: Double(Int.random(in: 0..<(days * 86_400), using: &g)))
            let recorded = start.adding(seconds: Double(days * 86_400 + i))
            let value: Value = switch Int.random(in: 0..<10, using: &g) {
            case 0: .float(Double(Int.random(in: 0..<10_000, using: &g)) / 100)
            case 1: .string(["a", "b", "ü ñ"][Int.random(in: 0..<3, using: &g)])
            case 2: .boolean(Bool.random(using: &g))
            default: .integer(Int64.random(in: 0..<1000, using: &g))
            }
            let event: Event = switch Int.random(in: 0..<20, using: &g) {
            case 0..<10: .measured(Reading(metric: metric, value: value, source: "files", durationMicros: UInt64(i), fromCache: i % 3 == 0))
            case 10..<12: .measurementFailed(Failure(metric: metric, source: "command", reason: "exit status 1"))
            case 12..<15: .baselineSet(BaselineChange(metric: metric, previous: i % 2 == 0 ? nil : value, value: value, reason: .update))
            case 15..<17: .cacheWritten(CacheEntry(key: metric.rawValue, value: value, expires: observed.adding(hours: 24)))
            case 17: .cacheCleared(key: Bool.random(using: &g) ? nil : metric.rawValue)
            case 18: .snapshotTaken(day: observed.day)
            default: .imported(what: "metrics.yaml", from: "inventory/metrics.yaml")
            }
            result.append(LoggedEvent(id: .random(using: &g), recorded: recorded, observed: observed, actor: "tester@host", event: event))
        }
        return result
    }

    /// A measurement of `metric` at `observed`.
    public static func measured(_ metric: MetricPath, _ value: Value, at observed: Timestamp, actor: String = "tester@host") -> LoggedEvent {
        LoggedEvent(recorded: observed, observed: observed, actor: actor, event: .measured(Reading(metric: metric, value: value, source: "test")))
    }

    /// A baseline change of `metric` at `observed`.
    public static func baseline(_ metric: MetricPath, _ value: Value, previous: Value? = nil, at observed: Timestamp,
                                reason: BaselineReason = .update, actor: String = "tester@host") -> LoggedEvent {
        LoggedEvent(recorded: observed, observed: observed, actor: actor,
                    event: .baselineSet(BaselineChange(metric: metric, previous: previous, value: value, reason: reason)))
    }
}
