import ArgumentParser
import DIMSCore
import DIMSReports
import DIMSServe
import DIMSStore
import Foundation
import Synchronization

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a live dashboard, its JSON API and /metrics (Prometheus) over HTTP, read-only.",
        discussion: """
            Answers from the event log (no measuring): the overview as 'verify' would show it, as of now or any \
            moment (?at=), each metric's trend and audit timeline, the diff between two dates (the body of \
            /api/diff is what 'dims diff --json' prints), /metrics for Prometheus, /api/openapi.json. Open pages \
            update within a second or two when any process appends to the log. Binds to 127.0.0.1; another \
            address needs a token (--token-file, or DIMS_SERVE_TOKEN), sent as 'Authorization: Bearer TOKEN' or \
            set as a cookie by opening /?token=TOKEN once. Stops on Ctrl-C or SIGTERM. Exits 2 on a bad option.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The port to listen on (0 picks a free one).")
    var port: Int = 8470

    @Option(help: "The address to listen on; anything but loopback needs a token.")
    var bind: String = "127.0.0.1"

    @Option(help: "A file holding the token every request must carry (DIMS_SERVE_TOKEN also gives it).")
    var tokenFile: String?

    func run() async throws {
        let project = try Project(global)
        let config = try project.config()
        var token = project.environment["DIMS_SERVE_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if let tokenFile {
            do {
                token = try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw Console.fail("Cannot read --token-file '\(tokenFile)': \(error.localizedDescription)", Status.badInput)
            }
        }
        let settings = ServeSettings(host: bind, port: port, token: token)
        if let problem = settings.problem { throw Console.fail(problem, Status.badInput) }
        let source = try ProjectDashboard(project: project, config: config)
        let host = bind.contains(":") ? "[\(bind)]" : bind
        do {
            try await DashboardServer.run(settings, source: source) { bound in
                Console.out("Serving the dashboard of \(project.root) at http://\(host):\(bound)/ (Ctrl-C stops)")
            }
        } catch {
            throw Console.fail("Cannot serve on \(host):\(port): \(error)", Status.badInput)
        }
    }
}

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
        let report = try reading { try Generate.report(project, config, log: log, asOf: moment) }
        return ReportFormat.render(report, as: .json)
    }

    func status() throws(DashboardError) -> String {
        let log = self.log
        let answer: [String: Any] = try reading {
            ["now": project.clock.now().iso8601, "last_seq": try log?.lastSeq() ?? 0,
             "first_observed": try log?.firstObserved()?.iso8601 ?? NSNull(), "last_observed": try log?.lastObserved()?.iso8601 ?? NSNull(),
             "metrics": config.enabledMetrics.map(\.path.rawValue)]
        }
        return try json(answer)
    }

    func history(metric: String, since: String?) throws(DashboardError) -> String {
        let now = project.clock.now()
        var from = now.adding(hours: -24 * 30)
        if let since { from = try moment(since, name: "since", edge: .start) }
        let path = try known(metric)
        let log = self.log
        let points = try reading { try log?.series(of: path, from: from, to: now) ?? [] }
        return try json(History.answer(metric, daily: History.lastPerDay(points), from: from, to: now))
    }

    func audit(metric: String) throws(DashboardError) -> String {
        let path = try known(metric)
        let log = self.log
        let events = try reading { try log?.events(of: path, archives: project.archivePath) ?? [] }
        let timeline = AuditTimeline(events: events, thresholds: config.thresholds)
        return try json(timeline.answer(metric, from: Timestamp(micros: .min / 2)))
    }

    func diff(since: String, until: String?) throws(DashboardError) -> String {
        let now = project.clock.now()
        let from = min(now, try moment(since, name: "since"))
        var to = now
        if let until { to = min(now, try moment(until, name: "until")) }
        guard from <= to else { throw DashboardError(.badRequest, "since '\(since)' is after until '\(until ?? "now")'") }
        guard let log = self.log else { return Diff.emptyJSON + "\n" }
        let rows = try reading { try Diff.rows(log, from: from, to: to).rows }
        return try json(Diff.answer(rows, from: from, to: to))
    }

    func prometheus() throws(DashboardError) -> String {
        let log = self.log
        let report = try reading { try Generate.report(project, config, log: log) }
        return PrometheusText.render(report, eventsByKind: try eventCounts(log))
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

    private func json(_ value: Any) throws(DashboardError) -> String {
        guard let text = Console.jsonText(value) else { throw DashboardError(.unavailable, "The answer cannot be written as JSON") }
        return text + "\n"
    }

    /// Runs a read of the log; a store error becomes 503 with its message (paths relative to the project).
    private func reading<T>(_ body: () throws -> T) throws(DashboardError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw DashboardError(.unavailable, error.message.replacingOccurrences(of: project.root + "/", with: ""))
        } catch {
            throw DashboardError(.unavailable, "The event log cannot be read: \(error)")
        }
    }
}
