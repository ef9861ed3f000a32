import ArgumentParser
import DIMSCore
import DIMSInsight
import DIMSStore
import DIMSReports
import DIMSWorkflow

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
            commandName: "history",
        abstract: "Show a metric's value day by day, with the change from the previous point and the trend.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The metric's full path, e.g. s3_storage.total_objects.")
    var metric: String

    @Option(help: "How many days back from now.")
    var days: Int = 30

    @Option(help: "Start at this date instead (YYYY-MM-DD, ISO 8601 or relative like 7d).")
    var since: String?

    func validate() throws {
        if days <= 0 { throw ValidationError("Please give --days as a positive number of days, not \(days)") }
    }

    func run() throws {
        let project = try Project(global)
        try project.pullFromTeam()
        let now = project.clock.now()
        var from: Timestamp
        if let since {
            from = try project.moment(since, option: "--since")
        } else {
            from = try project.daysBack(days)
        }
        let path = MetricPath(metric)
        let config = try project.config()
        let log = try project.openSyncedLogForReading(config)
        let known = Set(config.metrics.map(\.path)).union(try log.map { l in try project.store { Array(try l.currentStates().keys) } } ?? [])
        guard known.contains(path) else {
            throw DIMSError(.badInput, "Unknown metric '\(metric)'\(Suggestion.hint(metric, among: known.map(\.rawValue)))")
        }
        let points = try log.map { l in try project.store { try l.series(of: path, from: from, to: now) } } ?? []
        let own = Self.lastPerDay(points)
        // Readings `dims backfill` measured at past commits are marked as such.
        let backfilled = try log.map { l in try project.store { try ReadAnswers.backfilled(own, in: l) } } ?? []
        // A cost's (or formula's) days before its first reading follow from its inputs' readings: shown, marked, never
        // stored (their seqs, counted down from the largest, are no event's).
        let derivation = try Insights.derived(path, own: DailyValue.series(own), config: config) {
            try Insights.daily($0, from: from, to: now, log: log, project: project)
        }
        let derivedPoints = derivation.series.prefix(derivation.derivedDays).enumerated().map { index, day in
            Point(observed: day.day.start, seq: UInt64.max - UInt64(index), value: .float(day.value))
        }
        let daily = derivedPoints + own
        let derived = Set(derivedPoints.map(\.seq))
        let spanDays = max(1, Int(((now.seconds - from.seconds) / 86_400).rounded()))
        if global.json {
            Console.answer(ReadAnswers.history(metric, daily: daily, backfilled: backfilled, derived: derived, from: from, to: now))
            return
        }
        guard !daily.isEmpty else {
            Console.out("No historical data for \(metric) since \(from.day): run 'dims verify' or 'dims snapshot' to start its history")
            return
        }
        Console.out(TerminalFormat.history(daily, days: spanDays, backfilled: backfilled, derived: (derived, derivation.inputs)))
        if Console.isTerminal, daily.count > 1 {
            Console.out(TerminalFormat.sparkline(of: daily))
        }
    }

    /// The last point of each day, oldest first.
    static func lastPerDay(_ points: [Point]) -> [Point] {
        ReadAnswers.lastPerDay(points)
    }
}
