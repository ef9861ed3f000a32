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
            Console.out(global.json ? #"{"metrics": []}"# : "No data: the event log is empty. Run 'dims verify' first")
            return
        }
        let then = try project.store { try log.states(asOf: from) }
        let current = try project.store { try log.states(asOf: to) }
        let metrics = Set(then.keys).union(current.keys).sorted()
        let rows = metrics.map { DiffRow(metric: $0, then: then[$0]?.value?.value, now: current[$0]?.value?.value) }
        if global.json {
            Console.json(["since": from.iso8601, "until": to.iso8601, "metrics": rows.map { row -> [String: Any] in
                var item: [String: Any] = ["metric": row.metric.rawValue]
                item["then"] = row.then.map(JSONValue.of)
                item["now"] = row.now.map(JSONValue.of)
                if let a = row.then?.number, let b = row.now?.number {
                    item["change"] = b - a
                    if a != 0 { item["percent"] = (b - a) / abs(a) * 100 }
                }
                return item
            }])
            return
        }
        if then.isEmpty {
            let first = try project.store { try log.firstObserved() }
            Console.out("No data as of \(from.iso8601): the log starts at \(first?.iso8601 ?? "an unknown time"); every metric is shown as new")
        }
        Console.out("Changes from \(from.iso8601) to \(to.iso8601):")
        Console.out(TerminalFormat.diff(rows))
    }
}
