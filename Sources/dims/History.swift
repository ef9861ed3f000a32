import ArgumentParser
import DIMSCore
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
        let daily = Self.lastPerDay(points)
        // Readings `dims backfill` measured at past commits are marked as such.
        let backfilled = try log.map { l in
            try project.store {
                Set(try daily.filter { point in
                    guard case .measured(let reading)? = try l.event(point.seq)?.event else { return false }
                    return reading.isBackfilled
                }.map(\.seq))
            }
        } ?? []
        let spanDays = max(1, Int(((now.seconds - from.seconds) / 86_400).rounded()))
        if global.json {
            Console.answer(HistoryAnswer(metric: metric, from: from.iso8601, to: now.iso8601, points: daily.map { point in
                HistoryAnswer.Point(date: point.observed.day.description, time: point.observed.iso8601, value: point.value,
                                    backfilled: backfilled.contains(point.seq))
            }))
            return
        }
        guard !daily.isEmpty else {
            Console.out("No historical data for \(metric) since \(from.day): run 'dims verify' or 'dims snapshot' to start its history")
            return
        }
        Console.out(TerminalFormat.history(daily, days: spanDays, backfilled: backfilled))
        if Console.isTerminal, daily.count > 1 {
            Console.out(TerminalFormat.sparkline(of: daily))
        }
    }

    /// The last point of each day, oldest first.
    static func lastPerDay(_ points: [Point]) -> [Point] {
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
}

/// `history --json`: the metric's last value of each day in the span, oldest first.
struct HistoryAnswer: Encodable {
    struct Point: Encodable {
        let date: String
        let time: String
        let value: Value
        /// Whether `dims backfill` measured it at a past commit.
        let backfilled: Bool
    }

    let metric: String
    let from: String
    let to: String
    let points: [Point]
}
