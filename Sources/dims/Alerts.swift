import ArgumentParser
import DIMSAlerts
import DIMSCore
import DIMSReports
import DIMSStore
import Foundation
import DIMSWorkflow

struct Alerts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Show, retry and test the alert channels and the alerts waiting to be delivered.",
        subcommands: [List.self, Retry.self, Test.self])

    /// How a channel is shown: its type and where it sends, with a URL's path and query hidden.
    static func target(_ channel: AlertChannel, environment: [String: String]) -> String {
        switch channel.kind {
        case .command: return "'\(channel.command ?? "")'"
        case .slack, .webhook:
            let template = channel.url ?? ""
            guard let target = try? ChannelTarget(template, environment: environment) else {
                return "\(ChannelTarget.redact(template)) (not set: \(template.contains("${") ? "environment variable missing" : "no URL"))"
            }
            return target.redacted
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the channels and the alerts not delivered yet.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let project = try Project(global)
            let config = try project.config()
            let log = try project.openLogForReading()
            let state = try log.map { try Outbox(project: project, config: config, log: $0).state() } ?? OutboxState()
            let pending = state.pending.sorted { $0.key < $1.key }
            if global.json {
                let channels = config.alerts.channels.map { channel in
                    AlertsListAnswer.Channel(name: channel.name, type: channel.kind.rawValue, target: Alerts.target(channel, environment: project.environment),
                                             minLevel: channel.minLevel.description, metrics: channel.metrics, repeatAfterHours: channel.repeatAfterHours)
                }
                let items = pending.map { seq, item in
                    AlertsListAnswer.Pending(seq: seq, id: item.id.description, channel: item.channel, queued: Timestamp(micros: item.queued).iso8601,
                                             actor: item.actor, attempts: item.attempts, status: item.status, reason: item.reason)
                }
                Console.answer(AlertsListAnswer(enabled: config.alerts.enabled, channels: channels, pending: items))
                return
            }
            Console.out("Alerts: \(config.alerts.enabled ? "enabled" : "disabled (alerts.enabled is false)")")
            for channel in config.alerts.channels {
                let metrics = channel.metrics.isEmpty ? "every metric" : channel.metrics.joined(separator: ", ")
                let repeatText = channel.repeatAfterHours.map { ", reminds every \(TerminalFormat.number($0)) h" } ?? ""
                Console.out("  \(channel.name): \(channel.kind.rawValue) \(Alerts.target(channel, environment: project.environment)), "
                            + "\(channel.minLevel) and above, \(metrics)\(repeatText)")
            }
            Console.out(pending.isEmpty ? "No alerts pending" : "Pending: \(pending.count)")
            for (seq, item) in pending {
                let tried = item.attempts == 0 ? "not tried yet" : "\(item.attempts) attempts, last: \(item.reason)"
                Console.out("  #\(seq) to \(item.channel), queued \(Timestamp(micros: item.queued).iso8601) by \(item.actor): \(tried)")
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "retry",
            abstract: "Deliver the alerts this machine queued that no channel has received yet.",
            discussion: "Exits 2 when an alert could not be delivered; it stays pending.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let project = try Project(global)
            let config = try project.config()
            let log = try project.openLog()
            let deliveries = try await Outbox(project: project, config: config, log: log).deliver(quiet: true)
            let failed = deliveries.filter { if case .failed = $0 { true } else { false } }
            if global.json {
                Console.answer(AlertsRetryAnswer(delivered: deliveries.count - failed.count,
                                                 failed: failed.map { AlertsRetryAnswer.Failure(channel: $0.outcome.channel, reason: $0.outcome.reason) }))
            } else {
                for delivery in failed { Console.out("❌ \(delivery.outcome.channel): \(delivery.outcome.reason)") }
                Console.out("Delivered \(deliveries.count - failed.count) of \(deliveries.count) pending alerts")
            }
            if !failed.isEmpty { throw Status.badInput }
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "test",
            abstract: "Send a test alert to a channel now, and record it.",
            discussion: "Exits 2 when the channel is unknown or the alert could not be delivered.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The channel's name in alerts.channels.")
        var channel: String

        func run() async throws {
            let project = try Project(global)
            let config = try project.config()
            guard let channel = config.alerts.channel(named: channel) else {
                let names = config.alerts.channels.map(\.name)
                throw DIMSError(.badInput, "Unknown channel '\(self.channel)'\(Suggestion.hint(self.channel, among: names))")
            }
            let log = try project.openLog()
            let now = project.clock.now()
            let alert = Alert(channel: channel.name, kind: .test, level: channel.minLevel, metric: nil,
                              text: "dims test alert to '\(channel.name)' from \(project.actor)")
            let entry = try project.store { try log.append([LoggedEvent(recorded: now, observed: now, actor: project.actor, event: .alertQueued(alert))]) }
            guard let queued = entry.first else { return }
            let delivery = await Outbox(project: project, config: config, log: log).send(alert, entry: queued, to: channel)
            let done = project.clock.now()
            try project.store { try log.append([LoggedEvent(recorded: done, observed: done, actor: project.actor, event: delivery.event)]) }
            try project.pushToTeam(config: config, from: log)
            let outcome = delivery.outcome
            let target = Alerts.target(channel, environment: project.environment)
            if global.json {
                Console.answer(AlertsTestAnswer(channel: channel.name, target: target, delivered: outcome.reason.isEmpty, status: outcome.status,
                                                attempts: outcome.attempts, reason: outcome.reason))
            } else if case .delivered = delivery {
                Console.out("✅ Test alert delivered to '\(channel.name)' (\(target), status \(outcome.status))")
            } else {
                Console.out("❌ Test alert to '\(channel.name)' failed after \(outcome.attempts) attempts: \(outcome.reason)")
            }
            if case .failed = delivery { throw Status.badInput }
        }
    }
}

/// `alerts list --json`: the channels (targets without path or query) and the alerts not delivered yet.
struct AlertsListAnswer: Encodable {
    struct Channel: Encodable {
        let name: String
        let type: String
        let target: String
        let minLevel: String
        let metrics: [String]
        let repeatAfterHours: Double?

        enum CodingKeys: String, CodingKey {
            case name, type, target, minLevel = "min_level", metrics, repeatAfterHours = "repeat_after_hours"
        }
    }

    struct Pending: Encodable {
        let seq: UInt64
        let id: String
        let channel: String
        let queued: String
        let actor: String
        let attempts: Int
        let status: Int
        let reason: String
    }

    let enabled: Bool
    let channels: [Channel]
    let pending: [Pending]
}

/// `alerts retry --json`: how many alerts were delivered, and each failure.
struct AlertsRetryAnswer: Encodable {
    struct Failure: Encodable {
        let channel: String
        let reason: String
    }

    let delivered: Int
    let failed: [Failure]
}

/// `alerts test --json`: the test alert's delivery.
struct AlertsTestAnswer: Encodable {
    let channel: String
    let target: String
    let delivered: Bool
    let status: Int
    let attempts: Int
    let reason: String
}
