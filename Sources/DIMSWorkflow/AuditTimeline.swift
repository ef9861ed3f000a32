public import DIMSCore
public import DIMSReports
import DIMSProbes

/// Walks a metric's events in observed order, tracking its baseline, and finds the moments that matter.
public struct AuditTimeline {
    public struct Line { public var event: LoggedEvent; public var text: String }
    public struct Moment { public var time: Timestamp; public var seq: UInt64; public var text: String }

    public var lines: [Line] = []
    public var moments: [Moment] = []

    public init(events: [LoggedEvent], thresholds: Thresholds) {
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

    public static func describe(_ verdict: Verdict, _ baseline: Value?) -> String {
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

public import Foundation

extension AuditTimeline {
    /// An approval event as `audit` tells it: who asked for which move, who decided, and why.
    public static func describeApproval(_ entry: LoggedEvent) -> String {
        switch entry.event {
        case .approvalRequested(let request):
            return "approval #\(request.number) requested by \(entry.actor) (\(request.run)): \(TerminalFormat.value(request.previous)) → "
                + "\(TerminalFormat.value(request.value)) (\(TerminalFormat.change(request)), \(request.trigger))"
        case .approvalGranted(let decision):
            let applied = decision.applied ? "baseline moved" : "baseline not moved (--no-auto-apply)"
            return "approval #\(decision.number) accepted by \(decision.reviewer), \(applied)" + (decision.notes.isEmpty ? "" : ": \(decision.notes)")
        case .approvalRejected(let decision):
            return "approval #\(decision.number) rejected by \(decision.reviewer)" + (decision.notes.isEmpty ? "" : ": \(decision.notes)")
        default:
            return entry.event.kindName
        }
    }
}
