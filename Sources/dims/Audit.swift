import ArgumentParser
import DIMSCore
import DIMSProbes
import DIMSStore
import DIMSReports

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
            Console.out("No events: the event log is empty")
            return
        }
        let events = try project.store { try log.events(of: path, archives: project.archivePath) }
        if events.isEmpty {
            let known = config.metrics.map(\.path.rawValue)
            throw Console.fail("No events for metric '\(metric)'\(Suggestion.hint(metric, among: known))", Status.badInput)
        }
        let timeline = AuditTimeline(events: events, thresholds: config.thresholds)
        let shown = timeline.lines.filter { $0.event.observed >= from }
        let moments = timeline.moments.filter { $0.time >= from }
        if global.json {
            Console.json(["metric": metric,
                          "events": shown.map { ["seq": $0.event.seq, "observed": $0.event.observed.iso8601, "recorded": $0.event.recorded.iso8601,
                                                 "actor": $0.event.actor, "kind": $0.event.event.kindName, "text": $0.text] },
                          "moments": moments.map { ["time": $0.time.iso8601, "seq": $0.seq, "text": $0.text] }])
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

/// Walks a metric's events in observed order, tracking its baseline, and finds the moments that matter.
struct AuditTimeline {
    struct Line { var event: LoggedEvent; var text: String }
    struct Moment { var time: Timestamp; var seq: UInt64; var text: String }

    var lines: [Line] = []
    var moments: [Moment] = []

    init(events: [LoggedEvent], thresholds: Thresholds) {
        var baseline: Value?
        var worst = DriftLevel.ok
        for entry in events {
            switch entry.event {
            case .measured(let reading):
                let verdict = Verdict.compare(reading.value, baseline: baseline, thresholds: thresholds)
                let value = TerminalFormat.value(reading.value)
                let cached = reading.fromCache ? ", from cache" : ""
                let origin = reading.commit.map { ", backfilled at \($0.prefix(10))" } ?? ""
                lines.append(Line(event: entry, text: "measured \(value) (\(AuditTimeline.describe(verdict, baseline))\(cached)\(origin)) by \(entry.actor)"))
                if verdict.isDrift, verdict.level > worst, let baseline {
                    for level in DriftLevel.allCases where level > worst && level <= verdict.level {
                        moments.append(Moment(time: entry.observed, seq: entry.seq,
                                              text: "first \(level) drift from \(TerminalFormat.value(baseline)): \(value) (\(AuditTimeline.describe(verdict, baseline)))"))
                    }
                    worst = verdict.level
                }
            case .measurementFailed(let failure):
                lines.append(Line(event: entry, text: "measurement failed: \(failure.reason)"))
            case .baselineSet(let change):
                let from = change.previous.map(TerminalFormat.value) ?? "none"
                let text = "baseline \(from) → \(TerminalFormat.value(change.value)) by \(entry.actor) (\(change.reason))"
                lines.append(Line(event: entry, text: text))
                moments.append(Moment(time: entry.observed, seq: entry.seq, text: text))
                baseline = change.value
                worst = .ok
            case .migrationProved(let proof):
                let verb = proof.written ? "source changed to \(proof.native)" : "kept the command"
                lines.append(Line(event: entry, text: "config migrate \(proof.outcome): \(verb) by \(entry.actor); "
                                  + "command gave \(MigrationCheck.text(proof.original)), native gave \(MigrationCheck.text(proof.rewritten))"))
            case .approvalRequested, .approvalGranted, .approvalRejected:
                let text = AuditTimeline.describeApproval(entry)
                lines.append(Line(event: entry, text: text))
                moments.append(Moment(time: entry.observed, seq: entry.seq, text: text))
            default:
                lines.append(Line(event: entry, text: entry.event.kindName))
            }
        }
    }

    static func describe(_ verdict: Verdict, _ baseline: Value?) -> String {
        switch verdict {
        case .ok: return "OK"
        case .new: return "no baseline"
        case .changed: return "changed from \(baseline.map(TerminalFormat.value) ?? "?")"
        case .error(let reason): return "error: \(reason)"
        case .drifted(let level, let delta, let percent):
            let sign = delta >= 0 ? "+" : ""
            let deltaText = delta == delta.rounded() ? TerminalFormat.number(Int64(delta)) : TerminalFormat.number(delta)
            let pct = percent.map { String(format: " %@%.1f%%", $0 >= 0 ? "+" : "", $0) } ?? ""
            return "\(level) drift \(sign)\(deltaText)\(pct)"
        }
    }
}

import Foundation
