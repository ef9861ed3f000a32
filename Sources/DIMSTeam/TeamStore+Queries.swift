public import DIMSCore

/// The projection queries: the server selects the events a question needs; the reference fold answers it.
extension TeamStore {
    public func currentStates() throws -> [MetricPath: MetricState] {
        Projections(replaying: try select("metric IS NOT NULL ORDER BY seq", [])).current
    }

    public func states(asOf time: Timestamp) throws -> [MetricPath: StateAsOf] {
        let folded = Projections(replaying: try select("kind IN ('measured', 'baseline_set') AND observed_us <= $1 ORDER BY seq", [String(time.micros)]))
        var result: [MetricPath: StateAsOf] = [:]
        for metric in Set(folded.trend.keys).union(folded.baselines.keys) {
            result[metric] = StateAsOf(value: folded.trend[metric]?.last, baseline: folded.baselines[metric]?.last)
        }
        return result
    }

    public func series(of metric: MetricPath, from: Timestamp, to: Timestamp) throws -> [Point] {
        try folded(metric, kind: "measured", from: from, to: to).trend[metric] ?? []
    }

    public func baselines(of metric: MetricPath, from: Timestamp, to: Timestamp) throws -> [BaselineRecord] {
        try folded(metric, kind: "baseline_set", from: from, to: to).baselines[metric] ?? []
    }

    public func events(of metric: MetricPath, from: Timestamp, to: Timestamp) throws -> [LoggedEvent] {
        try select("metric = $1 AND observed_us BETWEEN $2 AND $3 ORDER BY observed_us, seq",
                   [metric.rawValue, String(from.micros), String(to.micros)])
    }

    public func daily(_ day: Day) throws -> [MetricPath: Point] {
        let events = try select("kind = 'measured' AND observed_us BETWEEN $1 AND $2 ORDER BY seq", [String(day.start.micros), String(day.end.micros)])
        return Projections(replaying: events).daily[day] ?? [:]
    }

    public func cacheEntries() throws -> [String: CacheRecord] {
        Projections(replaying: try select("kind IN ('cache_written', 'cache_cleared') ORDER BY seq", [])).cache
    }

    private func folded(_ metric: MetricPath, kind: String, from: Timestamp, to: Timestamp) throws -> Projections {
        Projections(replaying: try select("metric = $1 AND kind = '\(kind)' AND observed_us BETWEEN $2 AND $3 ORDER BY seq",
                                          [metric.rawValue, String(from.micros), String(to.micros)]))
    }
}
