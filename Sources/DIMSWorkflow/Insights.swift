public import DIMSCore
public import DIMSInsight
import DIMSProbes
import DIMSS3
public import DIMSStore
import Foundation

/// What `forecast`, `explain` and `recommend` read: a metric's daily values from the trend projection.
public enum Insights {
    /// `metric` as a path the config or the log knows; an unknown one exits 2 with a suggestion.
    public static func knownMetric(_ metric: String, config: InventoryConfig, log: EventLog?, project: Project) throws -> MetricPath {
        let path = MetricPath(metric)
        let known = Set(config.metrics.map(\.path)).union(try log.map { l in try project.store { Array(try l.currentStates().keys) } } ?? [])
        guard known.contains(path) else {
            throw DIMSError(.badInput, "Unknown metric '\(metric)'\(Suggestion.hint(metric, among: known.map(\.rawValue)))")
        }
        return path
    }

    /// The last numeric value of each day of `metric` in `from...to` (index seeks over `p_trend`).
    public static func daily(_ metric: MetricPath, from: Timestamp, to: Timestamp, log: EventLog?, project: Project) throws -> [DailyValue] {
        guard let log else { return [] }
        return DailyValue.series(try project.store { try log.series(of: metric, from: from, to: to) })
    }

    /// `own`, the daily values of `metric`, preceded by the days before its first reading that follow from its inputs'
    /// daily values (`series` reads them): an S3 cost from the size of its listing, a formula from its inputs.
    public static func derived(_ metric: MetricPath, own: [DailyValue], config: InventoryConfig,
                        series: (MetricPath) throws -> [DailyValue]) rethrows -> DerivedSeries {
        guard let spec = config.spec(metric) else { return DerivedSeries(own: own) }
        if let cost = S3CostInput(cost: spec, among: config.metrics, costs: config.sections["costs"]) {
            let size = try series(cost.size)
            let sizes = Dictionary(size.map { ($0.day, $0.value) }, uniquingKeysWith: { $1 })
            // The price per GB of the first day with both readings carries the mix of storage classes back in time.
            let calibration = own.lazy.compactMap { day in sizes[day.day].map { (cost: day.value, size: $0) } }.first
            return DerivedSeries(own: own, inputs: [(cost.size, size)]) { cost.cost(ofSize: $0[0], calibration: calibration) }
        }
        if let (formula, inputs) = Formula.inputs(of: spec, among: config.metrics), !inputs.isEmpty {
            let loaded = try inputs.map { (path: $0.path, series: try series($0.path)) }
            return DerivedSeries(own: own, inputs: loaded) { values in
                guard let number = formula.evaluate({ name in inputs.firstIndex { $0.name == name }.map { values[$0] } ?? 0 }) else { return nil }
                return spec.parseType == .integer ? number.rounded() : Value.round(number, precision: spec.precision)
            }
        }
        return DerivedSeries(own: own)
    }

    /// The recommendations for the rows of a report (each with its daily series), one row per enabled metric of `config`.
    public static func recommendations(_ config: InventoryConfig, rows: [InventoryReport.Row], today: Day) -> [Recommendation] {
        let specs = Dictionary(config.metrics.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let daily = Dictionary(rows.map { ($0.metric, DailyValue.series($0.series)) }, uniquingKeysWith: { first, _ in first })
        let facts = rows.compactMap { row in
            // A cost or formula's trend reaches back over the days its inputs know.
            let series = derived(row.metric, own: daily[row.metric] ?? [], config: config) { daily[$0] ?? [] }.series
            return specs[row.metric].map { MetricFacts(spec: $0, value: row.value, baseline: row.baseline, series: series) }
        }
        return Advisor.recommend(facts, thresholds: config.thresholds, today: today)
    }
}
