import DIMSCore
import DIMSReports
import DIMSServe
import DIMSStore
import DIMSWorkflow
import Foundation
import Synchronization

/// The project's answers to the dashboard, read from its log with short read transactions.
final class ProjectDashboard: DashboardSource {
    let project: Project
    let config: InventoryConfig
    /// The log, read-only; nil until the project has one (opened again when it appears).
    private let opened: Mutex<EventLog?>
    /// Events by kind up to a seq, counted once and then from where the count stopped.
    private let counted = Mutex<(seq: UInt64, byKind: [String: Int])>((0, [:]))

    init(project: Project, config: InventoryConfig) throws {
        self.project = project
        self.config = config
        // Bring the log up to date with the committed files once, then read it without the writer lock.
        let synced = try project.openSyncedLogForReading(config)
        opened = Mutex(try project.openLogForReading() ?? synced)
    }

    private var log: EventLog? {
        opened.withLock { log in
            if log == nil { log = try? project.openLogForReading() }
            return log
        }
    }

    func overview(at: String?) throws(DashboardError) -> String {
        var moment: Timestamp?
        if let at { moment = try self.moment(at, name: "at") }
        let log = self.log
        let now = project.clock.now()
        let report = try reading {
            try ReadAnswers.report(root: project.root, config: config, log: log, now: now, from: (moment ?? now).adding(hours: -24 * 90), asOf: moment)
        }
        return ReportFormat.render(report, as: .json)
    }

    func status() throws(DashboardError) -> String {
        let log = self.log
        return try reading {
            json(StatusAnswer(now: project.clock.now().iso8601, lastSeq: try log?.lastSeq() ?? 0, firstObserved: try log?.firstObserved()?.iso8601,
                              lastObserved: try log?.lastObserved()?.iso8601, metrics: config.enabledMetrics.map(\.path.rawValue)))
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
        report.eventsByKind = try eventCounts(log)
        return ReportFormat.render(report, as: .prom)
    }

    func lastSeq() throws(DashboardError) -> UInt64 {
        try reading { try log?.lastSeq() ?? 0 }
    }

    /// Events by kind: the events appended since the last count are scanned and added.
    private func eventCounts(_ log: EventLog?) throws(DashboardError) -> [String: Int] {
        guard let log else { return [:] }
        return try reading {
            try counted.withLock { counted in
                try log.scan(from: counted.seq + 1) { event in
                    counted.byKind[event.event.kindName, default: 0] += 1
                    counted.seq = event.seq
                    return true
                }
                return counted.byKind
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

    enum CodingKeys: String, CodingKey {
        case now, metrics
        case lastSeq = "last_seq", firstObserved = "first_observed", lastObserved = "last_observed"
    }
}
