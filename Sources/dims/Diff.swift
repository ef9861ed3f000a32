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
            global.json ? Console.answer(ReadAnswers.diff([], from: from, to: to)) : Console.out("No data: the event log is empty. Run 'dims verify' first")
            return
        }
        let (then, rows) = try project.store { try ReadAnswers.diffRows(log, from: from, to: to) }
        // Values `dims backfill` measured at past commits are marked as such.
        let backfilled = try project.store { try ReadAnswers.backfilled(then, in: log) }
        if global.json {
            Console.answer(ReadAnswers.diff(rows, from: from, to: to, backfilled: backfilled))
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
