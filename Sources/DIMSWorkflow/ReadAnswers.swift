public import DIMSCore
public import DIMSInsight
import DIMSProbes
import DIMSS3
public import DIMSReports
public import DIMSStore

/// The answers of the reading commands (`diff`, `history`, `audit`) and the reads behind them, shared by the command
/// line (`--json`) and `dims serve`'s JSON API, so that both print the same bytes.
public enum ReadAnswers {
    /// Every metric's value as of `from` and as of `to` (index seeks), with the states as of `from`.
    public static func diffRows(_ log: EventLog, from: Timestamp, to: Timestamp) throws -> (then: [MetricPath: StateAsOf], rows: [DiffRow]) {
        let then = try log.states(asOf: from)
        let current = try log.states(asOf: to)
        let metrics = Set(then.keys).union(current.keys).sorted()
        return (then, metrics.map { DiffRow(metric: $0, then: then[$0]?.value?.value, now: current[$0]?.value?.value) })
    }

    /// `diff --json`'s answer.
    public static func diff(_ rows: [DiffRow], from: Timestamp, to: Timestamp, backfilled: Set<MetricPath> = []) -> DiffAnswer {
        DiffAnswer(since: from.iso8601, until: to.iso8601, metrics: rows.map { DiffAnswer.Metric($0, thenBackfilled: backfilled.contains($0.metric)) })
    }

    /// The metrics whose value in `states` is a reading `dims backfill` measured at a past commit.
    public static func backfilled(_ states: [MetricPath: StateAsOf], in log: EventLog) throws -> Set<MetricPath> {
        Set(try states.keys.filter { metric in
            guard let seq = states[metric]?.value?.seq, case .measured(let reading)? = try log.event(seq)?.event else { return false }
            return reading.isBackfilled
        })
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

    /// The seqs of the points that are readings `dims backfill` measured at past commits.
    public static func backfilled(_ points: [Point], in log: EventLog) throws -> Set<UInt64> {
        Set(try points.filter { point in
            guard case .measured(let reading)? = try log.event(point.seq)?.event else { return false }
            return reading.isBackfilled
        }.map(\.seq))
    }

    /// `history --json`'s answer from the daily points.
    public static func history(_ metric: String, daily: [Point], backfilled: Set<UInt64>, derived: Set<UInt64> = [], from: Timestamp, to: Timestamp) -> HistoryAnswer {
        HistoryAnswer(metric: metric, from: from.iso8601, to: to.iso8601, points: daily.map { point in
            HistoryAnswer.Point(date: point.observed.day.description, time: point.observed.iso8601, value: point.value,
                                backfilled: backfilled.contains(point.seq), derived: derived.contains(point.seq))
        })
    }

    /// `audit --json`'s answer: the timeline's lines and moments from `from` on.
    public static func audit(_ metric: String, _ timeline: AuditTimeline, from: Timestamp) -> AuditAnswer {
        AuditAnswer(metric: metric, events: timeline.lines.filter { $0.event.observed >= from }.map(AuditAnswer.Event.init),
                    moments: timeline.moments.filter { $0.time >= from }.map(AuditAnswer.Moment.init))
    }

    /// The report of every enabled metric from `log`, as of now or as of `moment` (values, baselines and pending
    /// approvals as they stood then; a metric whose last attempt by then failed shows that failure, given in
    /// `failures`: each metric's last failed attempt at or before `moment`), each with its daily series from `from`:
    /// what `generate` writes, and what `verify` would show without measuring. As of a moment, metrics without a
    /// value, baseline or failure by then are left out.
    public static func report(root: String, config: InventoryConfig, log: EventLog?, now: Timestamp, from: Timestamp, asOf moment: Timestamp? = nil,
                              failures: [MetricPath: Attempt] = [:]) throws -> InventoryReport {
        let end = moment ?? now
        var states: [MetricPath: MetricState] = [:]
        if let log, let moment {
            for (metric, state) in try log.states(asOf: moment) {
                let last = state.value.map { Attempt(outcome: .value($0.value), observed: $0.observed, seq: $0.seq, fromCache: false) }
                states[metric] = MetricState(baseline: state.baseline, last: last, lastValue: state.value)
            }
            for (metric, failure) in failures where failure.observed <= moment && failure.isAfter(states[metric]?.last) {
                states[metric, default: MetricState()].last = failure
            }
        } else if let log {
            states = try log.currentStates()
        }
        // As of a past moment, a metric the log had not measured by then is left out: it did not exist yet (or was
        // not measured yet), which is no error of that day.
        let shown = moment == nil ? config.enabledMetrics : config.enabledMetrics.filter { states[$0.path] != nil }
        let rows = try shown.map { spec in
            let series = try log?.series(of: spec.path, from: from, to: end) ?? []
            var row = Rows.row(spec, state: states[spec.path], config: config, series: lastPerDay(series))
            if let log {
                // Readings `dims backfill` measured at past commits are marked as such.
                row.backfilled = try backfilled(row.series, in: log)
                if row.value != nil, let seq = states[spec.path]?.last?.seq, case .measured(let reading)? = try log.event(seq)?.event {
                    row.valueBackfilled = reading.isBackfilled
                }
            }
            return row
        }
        var report = InventoryReport(generated: end, root: root, rows: rows)
        if let approvals = try log?.approvals() {
            report.approvals = moment.map { pending(approvals, asOf: $0) } ?? approvals.pending
        }
        report.recommendations = Insights.recommendations(config, rows: rows, today: end.day)
        return report
    }

    /// The requests that were awaiting a decision at `moment`, oldest first: asked by then, and neither decided nor
    /// superseded by a newer request by then.
    public static func pending(_ approvals: Approvals, asOf moment: Timestamp) -> [ApprovalRecord] {
        approvals.records.values.filter { record in
            guard record.observed <= moment else { return false }
            switch record.status {
            case .pending: return true
            case .granted(let decision), .rejected(let decision): return decision.observed > moment
            case .superseded(let newer): return approvals.records[newer].map { $0.observed > moment } ?? false
            }
        }.sortedByPosition()
    }
}

/// `diff --json`: each metric's value at both ends (typed, null when it had none), and for numbers the change and the
/// percent (null from a zero or missing value).
public struct DiffAnswer: Encodable, Sendable {
    public struct Metric: Encodable, Sendable {
        public let metric: String
        public let then: Value?
        public let now: Value?
        /// `now - then`: an integer between integers, else a float.
        public var change: Value?
        public var percent: Double?
        /// Whether the value then was measured at a past commit by `dims backfill`.
        public let thenBackfilled: Bool

        enum CodingKeys: String, CodingKey {
            case metric, then, now, change, percent
            case thenBackfilled = "then_backfilled"
        }

        public init(_ row: DiffRow, thenBackfilled: Bool) {
            self.thenBackfilled = thenBackfilled
            metric = row.metric.rawValue
            then = row.then
            now = row.now
            if case .integer(let a)? = row.then, case .integer(let b)? = row.now, case (let difference, false) = b.subtractingReportingOverflow(a) {
                change = .integer(difference)
                if a != 0 { percent = Double(difference) / Double(abs(a)) * 100 }
            } else if let a = row.then?.number, let b = row.now?.number {
                change = .float(b - a)
                if a != 0 { percent = (b - a) / abs(a) * 100 }
            }
        }
    }

    public let since: String
    public let until: String
    public let metrics: [Metric]

    public init(since: String, until: String, metrics: [Metric]) {
        self.since = since
        self.until = until
        self.metrics = metrics
    }
}

/// `history --json`: the metric's last value of each day in the span, oldest first.
public struct HistoryAnswer: Encodable, Sendable {
    public struct Point: Encodable, Sendable {
        public let date: String
        public let time: String
        public let value: Value
        /// Whether `dims backfill` measured it at a past commit.
        public let backfilled: Bool
        /// Whether it is no reading but follows from the readings of the metric's inputs (a cost from its size).
        public let derived: Bool

        public init(date: String, time: String, value: Value, backfilled: Bool, derived: Bool = false) {
            self.date = date
            self.time = time
            self.value = value
            self.backfilled = backfilled
            self.derived = derived
        }
    }

    public let metric: String
    public let from: String
    public let to: String
    public let points: [Point]

    public init(metric: String, from: String, to: String, points: [Point]) {
        self.metric = metric
        self.from = from
        self.to = to
        self.points = points
    }
}

/// `audit --json`: the metric's events in observed order, each told in words, and the moments that matter.
public struct AuditAnswer: Encodable, Sendable {
    public struct Event: Encodable, Sendable {
        public let seq: UInt64
        public let observed: String
        public let recorded: String
        public let actor: String
        public let kind: String
        public let text: String

        public init(_ line: AuditTimeline.Line) {
            seq = line.event.seq
            observed = line.event.observed.iso8601
            recorded = line.event.recorded.iso8601
            actor = line.event.actor
            kind = line.event.event.kindName
            text = line.text
        }
    }

    public struct Moment: Encodable, Sendable {
        public let time: String
        public let seq: UInt64
        public let text: String

        public init(_ moment: AuditTimeline.Moment) {
            time = moment.time.iso8601
            seq = moment.seq
            text = moment.text
        }
    }

    public let metric: String
    public let events: [Event]
    public let moments: [Moment]

    public init(metric: String, events: [Event], moments: [Moment]) {
        self.metric = metric
        self.events = events
        self.moments = moments
    }
}
