public import DIMSAlerts
public import DIMSCore
public import DIMSStore
import DIMSTeam
public import DIMSTrust
public import Foundation

/// The project's outbox: alerts are queued as events in the same append as the readings that caused them, and
/// delivered after the commit by the machine that queued them, each delivery's outcome appended in turn.
///
/// `replay`, `import` and archive adoption never call it, so they never send anything.
public struct Outbox: Sendable {
    public let project: Project
    public let config: InventoryConfig
    public let log: EventLog

    public init(project: Project, config: InventoryConfig, log: EventLog) {
        self.project = project
        self.config = config
        self.log = log
    }

    /// The fold of hook and alert events as of the last run: a cache of the log, rebuilt from it when missing.
    public var checkpointPath: String { project.storePath + "/outbox.json" }

    /// The fold brought up to date with the log.
    public func state() throws -> OutboxState {
        var state = (try? Data(contentsOf: URL(fileURLWithPath: checkpointPath))).flatMap { try? JSONDecoder().decode(OutboxState.self, from: $0) }
            ?? OutboxState()
        let last = try project.store { try log.lastSeq() }
        if state.seq > last { state = OutboxState() }
        if state.seq < last {
            try project.store { try log.scan(from: state.seq + 1) { state.apply($0); return true } }
        }
        return state
    }

    /// Saves the fold for the next run; a failure only costs that run a longer scan.
    public func save(_ state: OutboxState) {
        guard let data = try? JSONEncoder().encode(state) else { return }
        try? AtomicFile.write(Array(data), to: checkpointPath)
    }

    /// The `alertQueued` events a run's rows and its approval requests (among `batch`) call for, to append with them.
    public func queue(_ rows: [InventoryReport.Row], with batch: [LoggedEvent] = [], at now: Timestamp) throws -> [LoggedEvent] {
        guard config.alerts.enabled, !config.alerts.channels.isEmpty else { return [] }
        let planner = AlertPlanner(settings: config.alerts)
        let requests = batch.compactMap { entry -> ApprovalRequest? in
            if case .approvalRequested(let request) = entry.event { request } else { nil }
        }
        let state = try state()
        let alerts = planner.alerts(for: rows, state: state, at: now) + planner.alerts(forApprovals: requests)
        let shared = try project.teamSettings(config) != nil
        return alerts.map { alert in
            LoggedEvent(id: shared ? Outbox.sharedID(alert, after: state) : nil, recorded: now, observed: now, actor: project.actor,
                        event: .alertQueued(alert))
        }
    }

    /// With a team log, the id of a queued alert names what it announces: the channel, the metric, the kind and level,
    /// and the channel's previous alert about the metric (or the request, for an approval). Machines that see the
    /// same change queue the same id; the first to claim it on the team log sends it, the others withhold theirs.
    static func sharedID(_ alert: Alert, after state: OutboxState) -> EventID {
        let previous = alert.metric.flatMap { state.firing(alert.channel, $0)?.micros } ?? 0
        let subject = alert.level == .approval ? alert.text : "\(alert.metric?.rawValue ?? "")|\(previous)"
        return .derived(from: "alert|\(alert.channel)|\(alert.kind.rawValue)|\(alert.level.rawValue)|\(subject)")
    }

    /// Sends every alert this machine queued and no channel has received yet, appends the outcomes, and
    /// reports failures on stderr. Channels are served at once; within one, alerts go in queue order, and a
    /// channel that does not answer keeps the rest of its alerts for the next run, so the run ends in bounded time.
    @discardableResult
    public func deliver(quiet: Bool = false) async throws -> [AlertSender.Delivery] {
        guard config.alerts.enabled else { return [] }
        let state = try state()
        let mine = state.pending.filter { $0.value.actor == project.actor && config.alerts.channel(named: $0.value.channel) != nil }
        guard !mine.isEmpty else {
            save(state)
            return []
        }
        var queued: [String: [LoggedEvent]] = [:]
        for seq in mine.keys.sorted() {
            guard let entry = try event(at: seq), case .alertQueued(let alert) = entry.event else { continue }
            queued[alert.channel, default: []].append(entry)
        }
        let deliveries = await send(queued)
        let now = project.clock.now()
        let outcomes = deliveries.map { LoggedEvent(recorded: now, observed: now, actor: project.actor, event: $0.event) }
        try project.store { try log.append(outcomes) }
        try project.pushToTeam(config: config, from: log)
        save(try self.state())
        if !quiet {
            for case .failed(let outcome) in deliveries {
                Console.err("dims: alert to '\(outcome.channel)' not delivered (\(outcome.reason)); it stays pending for the next run")
            }
        }
        return deliveries
    }

    /// Why `channel` may not be used now: its command or URL is the repository's choice and the project is not trusted.
    public func refusal(_ channel: AlertChannel) -> String? {
        guard let text = channel.trustText, !project.trust(config).trusted else { return nil }
        let item = TrustScope.Item(kind: channel.kind == .command ? .command : .alertURL, metric: nil, text: text)
        return "Not trusted: channel '\(channel.name)' \(item.summary); \(TrustScope.hint)"
    }

    /// Sends `alert` (queued as `entry`) to `channel`, unless the channel is refused or another machine claimed the alert.
    public func send(_ alert: Alert, entry: LoggedEvent, to channel: AlertChannel) async -> AlertSender.Delivery {
        if let reason = refusal(channel) {
            return .failed(AlertOutcome(alert: entry.id, channel: channel.name, status: 0, attempts: 0, reason: reason))
        }
        if let holder = claimedElsewhere(entry) {
            return .withheld(AlertOutcome(alert: entry.id, channel: channel.name, status: 0, attempts: 0, reason: "sent by \(holder)"))
        }
        return await AlertSender(environment: project.environment, directory: project.root).send(alert, entry: entry, to: channel)
    }

    /// The machine that claimed `entry`'s alert on the team log before this one, nil when this one holds the claim.
    ///
    /// The claim is taken before sending; without a team log, or with the server away, this machine sends (two
    /// machines may then both send an alert they both queued while apart).
    func claimedElsewhere(_ entry: LoggedEvent) -> String? {
        guard entry.actor == project.actor,
              let remote = try? project.teamConnection(config, instead: "alerts are sent without a claim") else { return nil }
        guard let claim = try? remote.claim("alert:\(entry.id)", holder: entry.id, actor: project.actor) else { return nil }
        return claim.actor == project.actor ? nil : claim.actor
    }

    /// Sends the queued alerts of each channel, channels at once.
    public func send(_ queued: [String: [LoggedEvent]]) async -> [AlertSender.Delivery] {
        let channels = config.alerts.channels
        return await withTaskGroup(of: [AlertSender.Delivery].self) { group in
            for (name, entries) in queued {
                guard let channel = channels.first(where: { $0.name == name }) else { continue }
                group.addTask {
                    var results: [AlertSender.Delivery] = []
                    for entry in entries {
                        guard case .alertQueued(let alert) = entry.event else { continue }
                        let delivery = await send(alert, entry: entry, to: channel)
                        results.append(delivery)
                        if case .failed = delivery { break }
                    }
                    return results
                }
            }
            var all: [AlertSender.Delivery] = []
            for await results in group { all += results }
            return all
        }
    }

    /// The event at `seq`, or nil when it is no longer in the live log.
    public func event(at seq: UInt64) throws -> LoggedEvent? {
        var found: LoggedEvent?
        try project.store { try log.scan(from: seq) { entry in
            if entry.seq == seq { found = entry }
            return false
        } }
        return found
    }
}
