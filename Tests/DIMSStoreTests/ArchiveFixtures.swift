import DIMSCore
import DIMSTestSupport

/// Logs spanning several years, for the archive tests.
enum ArchiveFixtures {
    static let first = Day(year: 2023, month: 1, day: 1)

    /// `perDay` events a day from 2023-01-01 for `days` days, observed in order: readings, baselines, failures and cache writes.
    static func years(days: Int = 3 * 365, perDay: Int = 3, seed: UInt64 = 7) -> [LoggedEvent] {
        var g = SeededGenerator(seed: seed)
        var result: [LoggedEvent] = []
        for d in 0..<days {
            for i in 0..<perDay {
                let observed = first.adding(days: d).start.adding(hours: 6 + Double(i) * 4)
                let metric = MetricPath("cat.m\(i % 4)")
                let value = Value.integer(Int64(1000 + d * 3 + Int.random(in: 0..<5, using: &g)))
                let event: Event = switch Int.random(in: 0..<20, using: &g) {
                case 0: .baselineSet(BaselineChange(metric: metric, previous: .integer(1000), value: value, reason: .verifyUpdate))
                case 1: .measurementFailed(Failure(metric: metric, source: "command", reason: "exit status 1"))
                case 2: .cacheWritten(CacheEntry(key: metric.rawValue, value: value, expires: observed.adding(hours: 24)))
                case 3: .snapshotTaken(day: observed.day)
                default: .measured(Reading(metric: metric, value: value, source: "files", durationMicros: 900))
                }
                result.append(LoggedEvent(id: .random(using: &g), recorded: observed, observed: observed, actor: "tester@host", event: event))
            }
        }
        return result
    }

    /// A reading imported late: observed in `year`, recorded at `recorded`.
    static func imported(_ metric: MetricPath, _ value: Int64, observedIn year: Int, recorded: Timestamp) -> LoggedEvent {
        LoggedEvent(recorded: recorded, observed: Day(year: year, month: 6, day: 1).start, actor: "importer@host",
                    event: .measured(Reading(metric: metric, value: .integer(value), source: "import")))
    }
}
