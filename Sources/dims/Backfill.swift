import ArgumentParser
import DIMSCore
import DIMSProbes
import DIMSStore
import DIMSWorkflow
import Foundation

/// `--every`: which commits of the history become points.
enum BackfillEvery: String, ExpressibleByArgument, CaseIterable {
    case day = "1d", week = "1w", commit

    var interval: GitHistory.Interval {
        switch self {
        case .day: .day
        case .week: .week
        case .commit: .commit
        }
    }
}

struct Backfill: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Measure file, line, byte, grep and git metrics at past commits from git's objects, and add them to the history.",
        discussion: """
            Points are the last commit of each day or week of the current branch's first-parent history, or every \
            commit; each reading is observed at its commit's time, with source 'backfill' and the commit id. Nothing is \
            checked out and the work tree is not touched. Running it again, or over an overlapping range, adds nothing. \
            Metrics git cannot know (commands, S3, age, disk usage, untracked or ignored paths) are skipped with a reason. \
            Backfilled readings never move baselines and never send alerts. Exit status: 0 success; 2 an invalid option, \
            or git could not read the history; 3 the event log cannot be written.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only commits made at or after this time (YYYY-MM-DD, an ISO time, or an age such as 365d).")
    var since: String?

    @Option(help: "Only commits made at or before this time (YYYY-MM-DD counts the whole day).")
    var until: String?

    @Option(help: "One point per day (1d), per week (1w), or every commit (commit).")
    var every: BackfillEvery = .week

    @Option(name: .customLong("metric"), help: "Only this metric (full path or name); repeat for several.")
    var metrics: [String] = []

    @Flag(help: "Measure and print the values, and add nothing to the log.")
    var dryRun = false

    func run() async throws {
        let project = try Project(global)
        let config = try project.config()
        let specs = try selected(config)
        let since = try since.map { try project.moment($0, option: "--since") }
        let until = try until.map { try project.moment($0, option: "--until", date: .end) }
        let history = GitHistory(root: project.root, environment: project.environment)
        let plan: BackfillPlan
        let points: [GitHistory.Point]
        do throws(ProbeError) {
            plan = try BackfillPlan(specs, history: history)
            points = try history.points(every: every.interval, since: since, until: until)
        } catch {
            throw DIMSError(.badInput, error.message)
        }

        var events: [LoggedEvent] = []
        var failed: [MetricPath: (count: Int, reason: String)] = [:]
        var lines: [String] = []
        var measuredPoints: [BackfillAnswer.Point] = []
        let now = project.clock.now()
        let total = points.count
        let measured = await history.measure(plan.measured, at: points, breakdowns: config.wantsBreakdowns) { done in
            Console.progress("Backfilling: \(done) of \(total) points")
        }
        for (point, found) in zip(points, measured) {
            var values: [String] = []
            var byMetric: [String: Value] = [:]
            for spec in plan.measured {
                switch found.results[spec.path] ?? .failure("No source measured this metric") {
                case .value(let value):
                    let reading = Reading(metric: spec.path, value: value, source: .backfill, commit: point.commit)
                    events.append(LoggedEvent(id: .derived(from: "backfill\u{0}\(point.commit)\u{0}\(spec.path)"), recorded: now,
                                              observed: point.time, actor: project.actor, event: .measured(reading)))
                    if let breakdown = found.breakdowns?.breakdown(of: spec.path) {
                        events.append(LoggedEvent(id: .derived(from: "backfill\u{0}\(point.commit)\u{0}\(spec.path)\u{0}breakdown"), recorded: now,
                                                  observed: point.time, actor: project.actor, event: .breakdownRecorded(breakdown)))
                    }
                    values.append("\(spec.path) \(value)")
                    byMetric[spec.path.rawValue] = value
                case .failure(let reason):
                    failed[spec.path] = ((failed[spec.path]?.count ?? 0) + 1, failed[spec.path]?.reason ?? reason)
                }
            }
            if dryRun { measuredPoints.append(BackfillAnswer.Point(commit: point.commit, time: point.time.iso8601, values: byMetric)) }
            if dryRun { lines.append("\(point.time) \(point.commit.prefix(10)): " + values.joined(separator: ", ")) }
        }
        Console.clearProgress()

        var added = 0
        if !dryRun, !events.isEmpty {
            let log = try project.openSyncedLog(config, mode: .write)
            added = try project.store { try log.append(events) }.filter(\.isReading).count
            try project.pushToTeam(config: config, from: log)
        }
        let readings = events.filter(\.isReading).count
        let range = points.isEmpty ? "" : " from \(points.first!.time.day) to \(points.last!.time.day)"
        if global.json {
            Console.answer(BackfillAnswer(
                points: points.count, readings: readings, added: added, dryRun: dryRun, every: every.rawValue,
                first: points.first.map { $0.time.iso8601 }, last: points.last.map { $0.time.iso8601 },
                skipped: plan.skipped.map { BackfillAnswer.Skipped(metric: $0.metric.rawValue, reason: $0.reason) },
                failed: failed.sorted { $0.key < $1.key }.map { BackfillAnswer.Failure(metric: $0.key.rawValue, points: $0.value.count, reason: $0.value.reason) },
                measured: dryRun ? measuredPoints : nil))
            return
        }
        for (metric, reason) in plan.skipped { Console.out("Skipped \(metric): \(reason)") }
        lines.forEach(Console.out)
        for (metric, failure) in failed.sorted(by: { $0.key < $1.key }) {
            Console.out("⚠ \(metric): not measured at \(failure.count) of \(points.count) points: \(failure.reason)")
        }
        if points.isEmpty {
            Console.out("No commit to backfill\(since != nil || until != nil ? " in that range" : "")")
        } else if dryRun {
            Console.out("Would backfill \(points.count) points\(range): \(readings) readings (dry run, nothing added)")
        } else {
            Console.out("Backfilled \(points.count) points\(range): \(added) readings added, \(readings - added) already in the log")
        }
    }

    /// The enabled metrics `--metric` names (all when none); an unknown one exits 2 with a suggestion.
    private func selected(_ config: InventoryConfig) throws -> [MetricSpec] {
        let all = config.enabledMetrics
        guard !metrics.isEmpty else { return all }
        var chosen: [MetricSpec] = []
        for name in metrics {
            let matches = all.filter { $0.path.rawValue == name || $0.path.name == name }
            guard !matches.isEmpty else {
                throw DIMSError(.badInput, "Unknown metric '\(name)'\(Suggestion.hint(name, among: all.map(\.path.rawValue)))")
            }
            chosen += matches.filter { match in !chosen.contains { $0.path == match.path } }
        }
        return chosen
    }
}

/// `backfill --json`: the points and readings, what was appended, the metrics skipped (and why) or failed at some
/// points, and with `--dry-run` the values measured at each point (else null).
struct BackfillAnswer: Encodable {
    struct Skipped: Encodable {
        let metric: String
        let reason: String
    }

    struct Failure: Encodable {
        let metric: String
        let points: Int
        let reason: String
    }

    struct Point: Encodable {
        let commit: String
        let time: String
        let values: [String: Value]
    }

    let points: Int
    let readings: Int
    let added: Int
    let dryRun: Bool
    let every: String
    let first: String?
    let last: String?
    let skipped: [Skipped]
    let failed: [Failure]
    let measured: [Point]?

    enum CodingKeys: String, CodingKey {
        case points, readings, added, dryRun = "dry_run", every, first, last, skipped, failed, measured
    }
}

private extension LoggedEvent {
    /// Whether the event is a reading (not its breakdown).
    var isReading: Bool {
        if case .measured = event { return true }
        return false
    }
}
