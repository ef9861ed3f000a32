import DIMSCore
import DIMSProbes
import DIMSReports
import DIMSServe
import DIMSStore
import DIMSSystem
import DIMSWorkflow
import Foundation
import NIOConcurrencyHelpers

/// The project's answers to the dashboard, read from its log with short read transactions.
final class ProjectDashboard: DashboardSource {
    let project: Project
    let config: InventoryConfig
    /// The log, read-only; nil until the project has one (opened again when it appears).
    private let opened: NIOLockedValueBox<EventLog?>
    /// The log folded up to a seq (events by kind, failures, alerts): once, then from where the fold stopped.
    private let digest = NIOLockedValueBox(LogDigest())
    /// How writes are done: `nil` unless `--allow-write`.
    let writer: CommandWriter?

    init(project: Project, config: InventoryConfig, writer: CommandWriter?) throws {
        self.project = project
        self.config = config
        self.writer = writer
        // Bring the log up to date with the committed files once, then read it without the writer lock.
        let synced = try project.openSyncedLogForReading(config)
        opened = NIOLockedValueBox(try project.openLogForReading() ?? synced)
    }

    private var log: EventLog? {
        opened.withLockedValue { log in
            if log == nil { log = try? project.openLogForReading() }
            return log
        }
    }

    func overview(at: String?) throws(DashboardError) -> String {
        var moment: Timestamp?
        if let at { moment = try self.moment(at, name: "at") }
        let log = self.log
        let now = project.clock.now()
        var failures: [MetricPath: Attempt] = [:]
        if let moment { failures = try digested(log).failures(asOf: moment) }
        let report = try reading {
            try ReadAnswers.report(root: project.root, config: config, log: log, now: now, from: (moment ?? now).adding(hours: -24 * 90), asOf: moment,
                                   failures: failures)
        }
        return ReportFormat.render(report, as: .json)
    }

    func alerts(at: String?) throws(DashboardError) -> String {
        var moment: Timestamp?
        if let at { moment = try self.moment(at, name: "at") }
        let open = try digested(self.log).openAlerts(asOf: moment).map { subject, last, since in
            AlertsAnswer.Open(channel: subject.channel, metric: subject.metric.rawValue, kind: last.alert.kind.description,
                              level: last.alert.level.description, value: last.alert.value, baseline: last.alert.baseline,
                              text: last.alert.text, queued: last.observed.iso8601, since: since.iso8601)
        }
        return json(AlertsAnswer(at: moment?.iso8601, open: open))
    }

    func perform(_ action: WriteAction) async -> WriteOutcome {
        guard let writer else { return WriteOutcome(exitStatus: 2, body: JSONAnswer.render(ErrorAnswer(DIMSError(.badInput, "The dashboard is read-only"))) + "\n") }
        return await BlockingPool.shared.run { writer.run(action) }
    }

    func status() throws(DashboardError) -> String {
        let log = self.log
        return try reading {
            json(StatusAnswer(now: project.clock.now().iso8601, lastSeq: try log?.lastSeq() ?? 0, firstObserved: try log?.firstObserved()?.iso8601,
                              lastObserved: try log?.lastObserved()?.iso8601, metrics: config.enabledMetrics.map(\.path.rawValue),
                              writable: writer != nil))
        }
    }

    func history(metric: String, since: String?) throws(DashboardError) -> String {
        let now = project.clock.now()
        var from = now.adding(hours: -24 * 30)
        if let since { from = try moment(since, name: "since", edge: .start) }
        let path = try known(metric)
        let log = self.log
        let daily = ReadAnswers.lastPerDay(try reading { try log?.series(of: path, from: from, to: now) ?? [] })
        let backfilled = try reading { try log.map { try ReadAnswers.backfilled(daily, in: $0) } ?? [] }
        return json(ReadAnswers.history(metric, daily: daily, backfilled: backfilled, from: from, to: now))
    }

    func audit(metric: String) throws(DashboardError) -> String {
        let path = try known(metric)
        let log = self.log
        let events = try reading { try log?.events(of: path, archives: project.archivePath) ?? [] }
        let timeline = AuditTimeline(events: events, thresholds: config.thresholds)
        return json(ReadAnswers.audit(metric, timeline, from: Timestamp(micros: .min / 2)))
    }

    func diff(since: String, until: String?) throws(DashboardError) -> String {
        let now = project.clock.now()
        let from = min(now, try moment(since, name: "since"))
        var to = now
        if let until { to = min(now, try moment(until, name: "until")) }
        guard from <= to else { throw DashboardError(.badRequest, "since '\(since)' is after until '\(until ?? "now")'") }
        let log = self.log
        let (rows, backfilled) = try reading { () throws -> ([DiffRow], Set<MetricPath>) in
            guard let log else { return ([], []) }
            let (then, rows) = try ReadAnswers.diffRows(log, from: from, to: to)
            return (rows, try ReadAnswers.backfilled(then, in: log))
        }
        return json(ReadAnswers.diff(rows, from: from, to: to, backfilled: backfilled))
    }

    func prometheus() throws(DashboardError) -> String {
        let log = self.log
        let now = project.clock.now()
        var report = try reading { try ReadAnswers.report(root: project.root, config: config, log: log, now: now, from: now.adding(hours: -24 * 90)) }
        report.eventsByKind = try digested(log).byKind
        return ReportFormat.render(report, as: .prom)
    }

    func lastSeq() throws(DashboardError) -> UInt64 {
        try reading { try log?.lastSeq() ?? 0 }
    }

    /// The digest brought up to date: the events appended since the last fold are folded in, at most 100,000 per
    /// read transaction, so that no transaction stays open long on a large log; nothing is scanned when the log's
    /// last seq is the digest's.
    private func digested(_ log: EventLog?) throws(DashboardError) -> LogDigest {
        guard let log else { return LogDigest() }
        return try reading {
            let last = try log.lastSeq()
            return try digest.withLockedValue { digest in
                while digest.seq < last {
                    let start = digest.seq
                    var folded = 0
                    try log.scan(from: start + 1) { event in
                        digest.apply(event)
                        folded += 1
                        return folded < 100_000
                    }
                    if folded < 100_000 { break }
                }
                return digest
            }
        }
    }

    /// A time parameter as the CLI reads its options: a date is the end of that day.
    private func moment(_ text: String, name: String, edge: TimeSpec.DayEdge = .end) throws(DashboardError) -> Timestamp {
        guard let time = TimeSpec.parse(text, now: project.clock.now(), date: edge) else {
            throw DashboardError(.badRequest, TimeSpec.invalid(text, option: name))
        }
        return time
    }

    /// The metric, when the config or the log knows it.
    private func known(_ metric: String) throws(DashboardError) -> MetricPath {
        let path = MetricPath(metric)
        if config.metrics.contains(where: { $0.path == path }) { return path }
        let log = self.log
        let states = try reading { try log?.currentStates() ?? [:] }
        guard states[path] != nil else { throw DashboardError(.notFound, "Unknown metric '\(metric)'") }
        return path
    }

    /// The answer as `Console.answer` prints it.
    private func json(_ answer: some Encodable) -> String {
        JSONAnswer.render(answer) + "\n"
    }

    /// Runs a read of the log; a store error becomes 503 with its message (paths relative to the project).
    private func reading<T>(_ body: () throws -> T) throws(DashboardError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw DashboardError(.unavailable, error.message.replacingOccurrences(of: project.root + "/", with: ""))
        } catch let error as DIMSError {
            throw DashboardError(.unavailable, error.description)
        } catch {
            throw DashboardError(.unavailable, "The event log cannot be read: \(error)")
        }
    }
}

/// `/api/status`: the log's span and position, and the metrics of the config.
struct StatusAnswer: Encodable {
    let now: String
    let lastSeq: UInt64
    let firstObserved: String?
    let lastObserved: String?
    let metrics: [String]
    /// Whether the write endpoints exist (`--allow-write`).
    let writable: Bool

    enum CodingKeys: String, CodingKey {
        case now, metrics, writable
        case lastSeq = "last_seq", firstObserved = "first_observed", lastObserved = "last_observed"
    }
}
