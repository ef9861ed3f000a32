public import DIMSCore
import DIMSProbes
import DIMSReports

/// Decides which alerts a run's verdicts call for: a transition into a channel's level, a reminder after
/// `repeat_after_hours`, or one resolve when the metric goes back below.
public struct AlertPlanner: Sendable {
    public let settings: AlertSettings

    public init(settings: AlertSettings) {
        self.settings = settings
    }

    /// The alerts to queue for `rows`, given what was queued before (`state`), at `now`.
    public func alerts(for rows: [InventoryReport.Row], state: OutboxState, at now: Timestamp) -> [Alert] {
        guard settings.enabled else { return [] }
        var alerts: [Alert] = []
        for channel in settings.channels where channel.minLevel != .approval {
            let patterns = channel.metrics.map(Glob.init)
            for row in rows where patterns.isEmpty || patterns.contains(where: { $0.matches(row.metric.rawValue) }) {
                let level = AlertLevel(row.verdict).flatMap { $0 >= channel.minLevel ? $0 : nil }
                let last = state.firing(channel.name, row.metric)
                let kind: AlertKind?
                switch (last?.isFiring == true ? last : nil, level) {
                case (nil, nil): kind = nil
                case (nil, .some): kind = .firing
                case (.some, nil): kind = .resolved
                case (.some(let last), .some(let level)):
                    if let previous = last.alertLevel, level > previous {
                        kind = .firing
                    } else if let hours = channel.repeatAfterHours, now >= last.time.adding(hours: hours) {
                        kind = .reminder
                    } else {
                        kind = nil
                    }
                }
                guard let kind else { continue }
                let alertLevel = level ?? last?.alertLevel ?? channel.minLevel
                alerts.append(Alert(channel: channel.name, kind: kind, level: alertLevel, metric: row.metric, value: row.value,
                                    baseline: row.baseline, text: AlertPlanner.text(kind, row)))
            }
        }
        return alerts
    }

    /// One alert per channel (whose metrics match) for each baseline move waiting for approval in `requests`.
    public func alerts(forApprovals requests: [ApprovalRequest]) -> [Alert] {
        guard settings.enabled else { return [] }
        var alerts: [Alert] = []
        for channel in settings.channels {
            let patterns = channel.metrics.map(Glob.init)
            for request in requests where patterns.isEmpty || patterns.contains(where: { $0.matches(request.metric.rawValue) }) {
                let text = "dims approval requested: \(request.metric)\nBaseline \(TerminalFormat.value(request.previous)) → "
                    + "\(TerminalFormat.value(request.value)) (\(TerminalFormat.change(request)), \(request.trigger)) waits for approval: dims approve list"
                alerts.append(Alert(channel: channel.name, kind: .firing, level: .approval, metric: request.metric, value: request.value,
                                    baseline: request.previous, text: text))
            }
        }
        return alerts
    }

    /// The status lines of an alert, as `verify` prints them, after a first line saying what happened.
    static func text(_ kind: AlertKind, _ row: InventoryReport.Row) -> String {
        let head: String = switch kind {
        case .firing: "dims alert: \(row.metric)"
        case .reminder: "dims reminder: \(row.metric) is still drifting"
        case .resolved: "dims resolved: \(row.metric) is back within its level"
        case .test: "dims test alert"
        }
        return ([head] + TerminalFormat.verifyLines(for: row)).joined(separator: "\n")
    }
}
