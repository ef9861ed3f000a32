import ArgumentParser
import DIMSCore
import DIMSInsight
import DIMSReports
import DIMSStore
import DIMSWorkflow

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Say what moved a metric since a date: the change of each top-level prefix or folder, which add up to the metric's change.",
        discussion: """
            Uses the breakdowns by top-level prefix that S3 count, size, cost and count_smaller_than readings carry, and \
            by top-level folder (below the metric's path) that files, lines, bytes and grep readings carry (measured by \
            'dims verify', not taken from the cache, or by 'dims backfill' at past commits): the last one on or before \
            --since, and the latest.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The metric's full path, e.g. s3_storage.total_objects.")
    var metric: String

    @Option(help: "Compare with the state at this date (its end), ISO time or relative like 7d.")
    var since: String = "7d"

    /// The answer of `explain --json`.
    struct Answer: Encodable {
        struct Side: Encodable { var time: String; var total: Double }
        struct Move: Encodable { var name: String; var then: Double; var now: Double; var change: Double }
        var metric: String
        var then: Side
        var now: Side
        var change: Double
        var parts: [Move]
        var rest_change: Double
    }

    func run() throws {
        let project = try Project(global)
        try project.pullFromTeam()
        let now = project.clock.now()
        let cut = try project.moment(since, option: "--since", date: .end)
        let config = try project.config()
        let log = try project.openSyncedLogForReading(config)
        let path = try Insights.knownMetric(metric, config: config, log: log, project: project)
        let events = try log.map { l in try project.store { try l.events(of: path, from: Timestamp.supported.lowerBound, to: now) } } ?? []
        let breakdowns = events.compactMap { entry -> (Timestamp, Breakdown)? in
            guard case .breakdownRecorded(let breakdown) = entry.event else { return nil }
            return (entry.observed, breakdown)
        }
        // Readings `dims backfill` measured at past commits carry a breakdown only for file metrics, and only since
        // backfill records them: say so when there are readings without one.
        let broken = Set(breakdowns.map(\.0))
        let backfilled = events.compactMap { entry -> Timestamp? in
            guard case .measured(let reading) = entry.event, reading.isBackfilled, !broken.contains(entry.observed) else { return nil }
            return entry.observed
        }
        let backfillNote = backfilled.isEmpty ? "" : "; its \(backfilled.count) backfilled \(backfilled.count == 1 ? "reading" : "readings") "
            + "(\(backfilled.min()!.day) to \(backfilled.max()!.day), measured at past commits from git) carry no breakdown"
        guard let then = breakdowns.last(where: { $0.0 <= cut }) else {
            throw DIMSError(.badInput, "No breakdown of '\(path)' was recorded on or before \(cut.day): explain needs a reading of an S3 count, "
                                + "size, cost or count_smaller_than metric, or of a files, lines, bytes or grep metric, measured by 'dims verify' or 'dims backfill' at both ends"
                                + backfillNote)
        }
        guard let latest = breakdowns.last, latest.0 > then.0 else {
            throw DIMSError(.badInput, "No breakdown of '\(path)' was recorded after \(then.0.iso8601): run 'dims verify' (with --no-cache for a cached metric)")
        }
        let attribution = Attribution(then: then.1, now: latest.1)
        if global.json {
            Console.answer(Answer(metric: path.rawValue, then: .init(time: then.0.iso8601, total: attribution.thenTotal),
                                     now: .init(time: latest.0.iso8601, total: attribution.nowTotal), change: attribution.change,
                                     parts: attribution.moves.map { .init(name: $0.name, then: $0.then, now: $0.now, change: $0.change) },
                                     rest_change: attribution.restChange))
            return
        }
        Console.out(String(TerminalFormat.explain(attribution, then: then.0, now: latest.0).dropLast()))
    }
}
