import ArgumentParser
import DIMSCore
import DIMSProbes
import DIMSStore
import DIMSReports
import DIMSWorkflow

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
            commandName: "audit",
        abstract: "Show every event that touched a metric, when it first crossed each drift level, and who moved its baseline.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The metric's full path.")
    var metric: String

    @Option(help: "Only events observed from this moment (YYYY-MM-DD, ISO 8601 or relative like 30d).")
    var since: String?

    func run() throws {
        let project = try Project(global)
        try project.pullFromTeam()
        let config = try project.config()
        var from = Timestamp(micros: .min / 2)
        if let since {
            from = try project.moment(since, option: "--since")
        }
        let path = MetricPath(metric)
        guard let log = try project.openSyncedLogForReading(config) else {
            global.json ? Console.answer(AuditAnswer(metric: metric, events: [], moments: [])) : Console.out("No events: the event log is empty")
            return
        }
        let events = try project.store { try log.events(of: path, archives: project.archivePath) }
        if events.isEmpty {
            let known = config.metrics.map(\.path.rawValue)
            throw DIMSError(.badInput, "No events for metric '\(metric)'\(Suggestion.hint(metric, among: known))")
        }
        let timeline = AuditTimeline(events: events, thresholds: config.thresholds)
        let shown = timeline.lines.filter { $0.event.observed >= from }
        let moments = timeline.moments.filter { $0.time >= from }
        if global.json {
            Console.answer(AuditAnswer(metric: metric, events: shown.map(AuditAnswer.Event.init), moments: moments.map(AuditAnswer.Moment.init)))
            return
        }
        Console.out("Events of \(metric)\(since.map { " since \($0)" } ?? ""):")
        for line in shown {
            Console.out("  #\(line.event.seq)  \(line.event.observed.iso8601)  \(TerminalFormat.escaped(line.text))")
        }
        Console.out("")
        Console.out(moments.isEmpty ? "No drift and no baseline change in this span" : "Moments that matter:")
        for moment in moments { Console.out("  \(moment.time.iso8601)  \(TerminalFormat.escaped(moment.text))") }
    }
}

/// `audit --json`: the metric's events in observed order, each told in words, and the moments that matter.
struct AuditAnswer: Encodable {
    struct Event: Encodable {
        let seq: UInt64
        let observed: String
        let recorded: String
        let actor: String
        let kind: String
        let text: String

        init(_ line: AuditTimeline.Line) {
            seq = line.event.seq
            observed = line.event.observed.iso8601
            recorded = line.event.recorded.iso8601
            actor = line.event.actor
            kind = line.event.event.kindName
            text = line.text
        }
    }

    struct Moment: Encodable {
        let time: String
        let seq: UInt64
        let text: String

        init(_ moment: AuditTimeline.Moment) {
            time = moment.time.iso8601
            seq = moment.seq
            text = moment.text
        }
    }

    let metric: String
    let events: [Event]
    let moments: [Moment]
}
