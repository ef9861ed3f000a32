import ArgumentParser
import DIMSCore
import DIMSStore
import DIMSReports
import DIMSWorkflow

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
            commandName: "diff",
        abstract: "Show every metric's value then and now, with the absolute and relative change.",
        discussion: "Dates are YYYY-MM-DD (the end of that day: the state its snapshot holds), an ISO 8601 time, or relative (7d, 2w, 3m). A bad date exits 2.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Compare with the state as of this moment.")
    var since: String

    @Option(help: "Compare up to this moment instead of now.")
    var until: String?

    func run() throws {
        let project = try Project(global)
        try project.pullFromTeam()
        let now = project.clock.now()
        let from = min(now, try project.moment(since, option: "--since", date: .end))
        var to = now
        if let until {
            to = min(now, try project.moment(until, option: "--until", date: .end))
        }
        guard from <= to else { throw DIMSError(.badInput, "--since '\(since)' is after --until '\(until ?? "now")'") }
        guard let log = try project.openSyncedLogForReading(try project.config()) else {
            global.json ? Console.answer(DiffAnswer(since: from.iso8601, until: to.iso8601, metrics: [])) : Console.out("No data: the event log is empty. Run 'dims verify' first")
            return
        }
        let then = try project.store { try log.states(asOf: from) }
        let current = try project.store { try log.states(asOf: to) }
        let metrics = Set(then.keys).union(current.keys).sorted()
        let rows = metrics.map { DiffRow(metric: $0, then: then[$0]?.value?.value, now: current[$0]?.value?.value) }
        // Values `dims backfill` measured at past commits are marked as such.
        let backfilled: Set<MetricPath> = try project.store {
            Set(try metrics.filter { metric in
                guard let seq = then[metric]?.value?.seq, case .measured(let reading)? = try log.event(seq)?.event else { return false }
                return reading.isBackfilled
            })
        }
        if global.json {
            Console.answer(DiffAnswer(since: from.iso8601, until: to.iso8601, metrics: rows.map { DiffAnswer.Metric($0, thenBackfilled: backfilled.contains($0.metric)) }))
            return
        }
        if then.isEmpty {
            let first = try project.store { try log.firstObserved() }
            Console.out("No data as of \(from.iso8601): the log starts at \(first?.iso8601 ?? "an unknown time"); every metric is shown as new")
        }
        Console.out("Changes from \(from.iso8601) to \(to.iso8601):")
        Console.out(TerminalFormat.diff(rows))
        if !backfilled.isEmpty {
            Console.out("\(backfilled.count) of the values as of \(from.iso8601) were backfilled from git ('dims backfill')")
        }
    }
}

/// `diff --json`: each metric's value at both ends (typed, null when it had none), and for numbers the change and the
/// percent (null from a zero or missing value).
struct DiffAnswer: Encodable {
    struct Metric: Encodable {
        let metric: String
        let then: Value?
        let now: Value?
        /// `now - then`: an integer between integers, else a float.
        var change: Value?
        var percent: Double?
        /// Whether the value then was measured at a past commit by `dims backfill`.
        let thenBackfilled: Bool

        enum CodingKeys: String, CodingKey {
            case metric, then, now, change, percent
            case thenBackfilled = "then_backfilled"
        }

        init(_ row: DiffRow, thenBackfilled: Bool) {
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

    let since: String
    let until: String
    let metrics: [Metric]
}
