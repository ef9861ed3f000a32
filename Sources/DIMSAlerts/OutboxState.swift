public import DIMSCore

/// The fold of the hook and alert events: which alerts are firing, which are pending delivery, and when each
/// hook and trigger type last ran.
///
/// It is a cache of the log: saved with the seq it is folded through, and brought up to date by folding the
/// events after it, so a run reads only what was appended since the last one.
public struct OutboxState: Codable, Hashable, Sendable {
    /// The last seq folded in.
    public var seq: UInt64 = 0
    /// The last alert queued per channel and metric.
    public var firing: [String: Firing] = [:]
    /// Queued alerts not yet delivered, by seq.
    public var pending: [UInt64: Pending] = [:]
    /// When each trigger type (as asked for) last ran.
    public var lastTrigger: [String: Int64] = [:]
    /// When each hook last ran.
    public var lastHookRun: [String: Int64] = [:]
    /// The latest triggers, oldest first (at most `recentLimit`).
    public var recent: [TriggerRecord] = []

    static let recentLimit = 500

    public init() {}

    /// The last alert of one channel about one metric.
    public struct Firing: Codable, Hashable, Sendable {
        public var kind: UInt8
        public var level: UInt8
        public var micros: Int64
        public var isFiring: Bool { kind != AlertKind.resolved.rawValue }
        public var alertLevel: AlertLevel? { AlertLevel(rawValue: level) }
        public var time: Timestamp { Timestamp(micros: micros) }
    }

    /// A queued alert and how its deliveries went so far.
    public struct Pending: Codable, Hashable, Sendable {
        public var channel: String
        public var actor: String
        public var idHigh: UInt64
        public var idLow: UInt64
        public var queued: Int64
        public var attempts: Int = 0
        public var status: Int = 0
        public var reason: String = ""
        public var id: EventID { EventID(high: idHigh, low: idLow) }
    }

    public struct TriggerRecord: Codable, Hashable, Sendable {
        public var seq: UInt64
        public var micros: Int64
        public var type: String
        public var source: String
        public var hooks: [String]
        public var measured: Int
        public var failed: Int
    }

    static func key(_ channel: String, _ metric: MetricPath) -> String { channel + "\u{0}" + metric.rawValue }

    /// The last alert `channel` queued about `metric`.
    public func firing(_ channel: String, _ metric: MetricPath) -> Firing? { firing[OutboxState.key(channel, metric)] }

    /// Folds one event in; events at or before `seq` were folded already and are skipped.
    public mutating func apply(_ entry: LoggedEvent) {
        guard entry.seq > seq else { return }
        seq = entry.seq
        switch entry.event {
        case .alertQueued(let alert):
            if alert.kind != .test, alert.level != .approval, let metric = alert.metric {
                firing[OutboxState.key(alert.channel, metric)] = Firing(kind: alert.kind.rawValue, level: alert.level.rawValue, micros: entry.observed.micros)
            }
            if alert.kind != .test { pending[entry.seq] = Pending(channel: alert.channel, actor: entry.actor, idHigh: entry.id.high, idLow: entry.id.low, queued: entry.observed.micros) }
        case .alertDelivered(let outcome), .alertWithheld(let outcome):
            if let seq = pendingSeq(outcome.alert) { pending[seq] = nil }
        case .alertFailed(let outcome):
            if let seq = pendingSeq(outcome.alert) {
                pending[seq]?.attempts += outcome.attempts
                pending[seq]?.status = outcome.status
                pending[seq]?.reason = outcome.reason
            }
        case .triggered(let trigger):
            lastTrigger[trigger.type] = max(lastTrigger[trigger.type] ?? .min, entry.observed.micros)
            for hook in trigger.hooks { lastHookRun[hook] = max(lastHookRun[hook] ?? .min, entry.observed.micros) }
            recent.append(TriggerRecord(seq: entry.seq, micros: entry.observed.micros, type: trigger.type, source: trigger.source,
                                        hooks: trigger.hooks, measured: trigger.measured, failed: trigger.failed))
            if recent.count > OutboxState.recentLimit { recent.removeFirst(recent.count - OutboxState.recentLimit) }
        default:
            break
        }
    }

    private func pendingSeq(_ id: EventID) -> UInt64? {
        pending.first { $0.value.idHigh == id.high && $0.value.idLow == id.low }?.key
    }
}
