public import DIMSCore
public import DIMSReports
public import DIMSStore
public import Foundation

/// The answers of the reading commands (`diff`, `history`, `audit`, `generate`'s report), built once for both the
/// command line (`--json`) and `dims serve`'s JSON API, so that the two print the same bytes.
public enum ReadAnswers {
    /// `value` as the JSON text the reading commands print (pretty, sorted keys), without the final line feed.
    public static func jsonText(_ value: Any) -> String? {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else {
            return nil
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// A value as JSON: numbers stay numbers, booleans booleans.
    public static func value(_ value: Value) -> Any {
        switch value {
        case .integer(let v): v
        case .float(let v): v
        case .string(let v): v
        case .boolean(let v): v
        }
    }

    // MARK: diff

    /// `diff --json`'s answer when the log is empty.
    public static let emptyDiff = #"{"metrics": []}"#

    /// Every metric's value as of `from` and as of `to` (index seeks), with the states as of `from`.
    public static func diffRows(_ log: EventLog, from: Timestamp, to: Timestamp) throws -> (then: [MetricPath: StateAsOf], rows: [DiffRow]) {
        let then = try log.states(asOf: from)
        let current = try log.states(asOf: to)
        let metrics = Set(then.keys).union(current.keys).sorted()
        return (then, metrics.map { DiffRow(metric: $0, then: then[$0]?.value?.value, now: current[$0]?.value?.value) })
    }

    /// `diff --json`'s answer, and the body of `/api/diff`.
    public static func diff(_ rows: [DiffRow], from: Timestamp, to: Timestamp) -> [String: Any] {
        ["since": from.iso8601, "until": to.iso8601, "metrics": rows.map { row -> [String: Any] in
            var item: [String: Any] = ["metric": row.metric.rawValue]
            item["then"] = row.then.map(value)
            item["now"] = row.now.map(value)
            if let a = row.then?.number, let b = row.now?.number {
                item["change"] = b - a
                if a != 0 { item["percent"] = (b - a) / abs(a) * 100 }
            }
            return item
        }]
    }

    // MARK: history

    /// `history --json`'s answer, and the body of `/api/history/METRIC`.
    public static func history(_ metric: String, daily: [Point], backfilled: Set<UInt64>, from: Timestamp, to: Timestamp) -> [String: Any] {
        ["metric": metric, "from": from.iso8601, "to": to.iso8601,
         "points": daily.map { ["date": $0.observed.day.description, "time": $0.observed.iso8601, "value": value($0.value),
                                "backfilled": backfilled.contains($0.seq)] }]
    }

    /// The seqs of the points that are readings `dims backfill` measured at past commits.
    public static func backfilled(_ points: [Point], in log: EventLog) throws -> Set<UInt64> {
        Set(try points.filter { point in
            guard case .measured(let reading)? = try log.event(point.seq)?.event else { return false }
            return reading.isBackfilled
        }.map(\.seq))
    }

    /// The last point of each day, oldest first.
    public static func lastPerDay(_ points: [Point]) -> [Point] {
        var result: [Point] = []
        for point in points {
            if let last = result.last, last.observed.day == point.observed.day {
                result[result.count - 1] = point
            } else {
                result.append(point)
            }
        }
        return result
    }

    // MARK: audit

    /// `audit --json`'s answer, and the body of `/api/audit/METRIC`: the lines and moments from `from` on.
    public static func audit(_ metric: String, _ timeline: AuditTimeline, from: Timestamp) -> [String: Any] {
        ["metric": metric,
         "events": timeline.lines.filter { $0.event.observed >= from }.map {
             ["seq": $0.event.seq, "observed": $0.event.observed.iso8601, "recorded": $0.event.recorded.iso8601,
              "actor": $0.event.actor, "kind": $0.event.event.kindName, "text": $0.text]
         },
         "moments": timeline.moments.filter { $0.time >= from }.map { ["time": $0.time.iso8601, "seq": $0.seq, "text": $0.text] }]
    }

    // MARK: the report from the log

    /// The report of every enabled metric from `log`, as of now or as of `moment` (values and baselines as they
    /// stood then; pending approvals only as of now), each with its daily series of the `days` before: what
    /// `generate` writes, and what `verify` would show without measuring.
    public static func report(root: String, config: InventoryConfig, log: EventLog?, now: Timestamp, asOf moment: Timestamp? = nil, days: Int = 90) throws -> InventoryReport {
        let end = moment ?? now
        var states: [MetricPath: MetricState] = [:]
        if let log, let moment {
            for (metric, state) in try log.states(asOf: moment) {
                let last = state.value.map { Attempt(outcome: .value($0.value), observed: $0.observed, seq: $0.seq, fromCache: false) }
                states[metric] = MetricState(baseline: state.baseline, last: last, lastValue: state.value)
            }
        } else if let log {
            states = try log.currentStates()
        }
        let from = end.adding(hours: -24 * Double(days))
        let rows = try config.enabledMetrics.map { spec in
            let series = try log?.series(of: spec.path, from: from, to: end) ?? []
            return Rows.row(spec, state: states[spec.path], config: config, series: lastPerDay(series))
        }
        var report = InventoryReport(generated: end, root: root, rows: rows)
        if moment == nil { report.approvals = try log?.approvals().pending ?? [] }
        return report
    }
}
