import DIMSCore
import DIMSWorkflow
import DIMSInsight
import DIMSProbes
import DIMSS3
import DIMSStore
import Foundation

/// What `forecast`, `explain` and `recommend` read: a metric's daily values from the trend projection.
enum Insights {
    /// `metric` as a path the config or the log knows; an unknown one exits 2 with a suggestion.
    static func knownMetric(_ metric: String, config: InventoryConfig, log: EventLog?, project: Project) throws -> MetricPath {
        let path = MetricPath(metric)
        let known = Set(config.metrics.map(\.path)).union(try log.map { l in try project.store { Array(try l.currentStates().keys) } } ?? [])
        guard known.contains(path) else {
            throw DIMSError(.badInput, "Unknown metric '\(metric)'\(Suggestion.hint(metric, among: known.map(\.rawValue)))")
        }
        return path
    }

    /// The last numeric value of each day of `metric` in `from...to` (index seeks over `p_trend`).
    static func daily(_ metric: MetricPath, from: Timestamp, to: Timestamp, log: EventLog?, project: Project) throws -> [DailyValue] {
        guard let log else { return [] }
        return DailyValue.series(try project.store { try log.series(of: metric, from: from, to: to) })
    }
}
