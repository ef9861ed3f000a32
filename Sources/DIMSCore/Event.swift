import Foundation

/// Something that happened to the inventory. Events are appended once and never edited.
public enum Event: Hashable, Sendable {
    case measured(Reading)
    case measurementFailed(Failure)
    case baselineSet(BaselineChange)
    case cacheWritten(CacheEntry)
    /// One cache entry cleared, or the whole cache when `key` is nil.
    case cacheCleared(key: String?)
    case snapshotTaken(day: Day)
    case imported(what: String, from: String)
    /// `config migrate` measured a command metric both ways (and, with `written`, rewrote it).
    case migrationProved(MigrationProof)
    /// A run held a baseline move for a person to approve.
    case approvalRequested(ApprovalRequest)
    /// A reviewer approved a request (and, unless told not to, its baseline moved in the same transaction).
    case approvalGranted(ApprovalDecision)
    /// A reviewer rejected a request; the baseline stays.
    case approvalRejected(ApprovalDecision)
    /// An event hook ran (`dims events trigger`, a git hook, a cron line) and measured its metrics.
    case triggered(Trigger)
    /// An alert put in the outbox, in the same append as the readings that caused it.
    case alertQueued(Alert)
    /// A queued alert reached its channel.
    case alertDelivered(AlertOutcome)
    /// A delivery of a queued alert failed; the alert stays pending.
    case alertFailed(AlertOutcome)
    /// A queued alert this machine did not send: another machine of the team log claimed the same alert first.
    case alertWithheld(AlertOutcome)
    /// A reading's value split by top-level prefix or folder, appended right after the reading.
    case breakdownRecorded(Breakdown)
    /// An event this build cannot read (a newer kind or version): kept in the log with its payload bytes
    /// verbatim, so exporting and importing it loses nothing; skipped by projections.
    case unknown(kind: UInt8, version: UInt8, payload: [UInt8] = [])

    /// The metric this event is about, if any.
    public var metric: MetricPath? {
        switch self {
        case .measured(let reading): reading.metric
        case .measurementFailed(let failure): failure.metric
        case .baselineSet(let change): change.metric
        case .migrationProved(let proof): proof.metric
        case .approvalRequested(let request): request.metric
        case .approvalGranted(let decision), .approvalRejected(let decision): decision.metric
        case .alertQueued(let alert): alert.metric
        case .breakdownRecorded(let breakdown): breakdown.metric
        case .triggered, .alertDelivered, .alertFailed, .alertWithheld: nil
        case .cacheWritten, .cacheCleared, .snapshotTaken, .imported, .unknown: nil
        }
    }

    /// A short name of the kind, as `log stats` and `audit` print it.
    public var kindName: String {
        switch self {
        case .measured: "measured"
        case .measurementFailed: "measurement_failed"
        case .baselineSet: "baseline_set"
        case .cacheWritten: "cache_written"
        case .cacheCleared: "cache_cleared"
        case .snapshotTaken: "snapshot_taken"
        case .imported: "imported"
        case .migrationProved: "migration_proved"
        case .approvalRequested: "approval_requested"
        case .approvalGranted: "approval_granted"
        case .approvalRejected: "approval_rejected"
        case .triggered: "triggered"
        case .alertQueued: "alert_queued"
        case .alertDelivered: "alert_delivered"
        case .alertFailed: "alert_failed"
        case .alertWithheld: "alert_withheld"
        case .breakdownRecorded: "breakdown_recorded"
        case .unknown(let kind, let version, _): "unknown(\(kind)v\(version))"
        }
    }
}

/// A cached value of a slow measurement, valid until `expires`.
public struct CacheEntry: Hashable, Sendable {
    public var key: String
    public var value: Value
    public var expires: Timestamp

    public init(key: String, value: Value, expires: Timestamp) {
        self.key = key
        self.value = value
        self.expires = expires
    }
}

/// A 128-bit identifier unique to one event across every machine's log.
public struct EventID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// A random (version 4 layout) identifier.
    public static func random() -> EventID {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> EventID {
        let high = (generator.next() & ~0xF000) | 0x4000
        let low = (generator.next() & ~(UInt64(0xC) << 60)) | (UInt64(0x8) << 60)
        return EventID(high: high, low: low)
    }

    /// A time-ordered (version 7 layout) identifier: 48 bits of Unix milliseconds, then random bits.
    ///
    /// Ids of events appended together sort together, so the id index grows at its end instead of
    /// touching a random page per event.
    public static func timeOrdered(at time: Timestamp) -> EventID {
        var generator = SystemRandomNumberGenerator()
        return timeOrdered(at: time, using: &generator)
    }

    public static func timeOrdered<G: RandomNumberGenerator>(at time: Timestamp, using generator: inout G) -> EventID {
        let millis = UInt64(bitPattern: max(0, time.micros / 1000)) & 0xFFFF_FFFF_FFFF
        let high = (millis << 16) | 0x7000 | (generator.next() & 0x0FFF)
        let low = (generator.next() & ~(UInt64(0xC) << 60)) | (UInt64(0x8) << 60)
        return EventID(high: high, low: low)
    }

    /// A stable identifier derived from text, so that importing the same thing twice yields the same id.
    public static func derived(from text: String) -> EventID {
        // Two independent 64-bit FNV-1a hashes over the UTF-8 bytes.
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in text.utf8 {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            second = (second ^ UInt64(byte ^ 0x5A)) &* 0x0000_0100_0000_01B3
        }
        return EventID(high: (first & ~0xF000) | 0x5000, low: second)
    }

    public var description: String {
        func hex(_ v: UInt64) -> String {
            let digits = String(v, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        let text = hex(high) + hex(low)
        let c = Array(text)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-" + String(c[20..<32])
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.high, lhs.low) < (rhs.high, rhs.low) }
}

/// An event as the log holds it: the event and what the log knows about it.
public struct LoggedEvent: Hashable, Sendable, EventPositioned {
    /// Gapless position in the log, assigned at append; 0 before.
    public var seq: UInt64
    public var id: EventID
    /// When the event was appended.
    public var recorded: Timestamp
    /// The time the event describes; earlier than `recorded` for imported history.
    public var observed: Timestamp
    /// Who caused it, `user@host`.
    public var actor: String
    public var event: Event

    /// An event; without an `id`, a time-ordered one is made from `recorded`.
    public init(seq: UInt64 = 0, id: EventID? = nil, recorded: Timestamp, observed: Timestamp, actor: String, event: Event) {
        self.seq = seq
        self.id = id ?? .timeOrdered(at: recorded)
        self.recorded = recorded
        self.observed = observed
        self.actor = actor
        self.event = event
    }
}
