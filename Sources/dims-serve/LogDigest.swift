import DIMSCore

/// What the dashboard keeps from the whole log, folded once and then from where it stopped: events by kind (for
/// `/metrics`), every failed measurement and every alert queued (few: for the state as of any moment).
struct LogDigest: Sendable {
    /// The last seq folded in.
    var seq: UInt64 = 0
    var byKind: [String: Int] = [:]
    /// Each metric's failed attempts, in seq order.
    var failures: [MetricPath: [Attempt]] = [:]
    /// Each channel's alerts about each metric, in seq order.
    var alerts: [AlertSubject: [QueuedAlert]] = [:]

    struct AlertSubject: Hashable, Sendable {
        var channel: String
        var metric: MetricPath
    }

    struct QueuedAlert: Sendable, EventPositioned {
        var alert: Alert
        var observed: Timestamp
        var seq: UInt64
    }

    mutating func apply(_ entry: LoggedEvent) {
        guard entry.seq > seq else { return }
        seq = entry.seq
        byKind[entry.event.kindName, default: 0] += 1
        switch entry.event {
        case .measurementFailed(let failure):
            failures[failure.metric, default: []].append(Attempt(outcome: .failure(failure.reason), observed: entry.observed, seq: entry.seq, fromCache: false))
        case .alertQueued(let alert):
            // As `OutboxState` folds them: tests and approval notices open nothing.
            guard alert.kind != .test, alert.level != .approval, let metric = alert.metric else { break }
            alerts[AlertSubject(channel: alert.channel, metric: metric), default: []].append(QueuedAlert(alert: alert, observed: entry.observed, seq: entry.seq))
        default:
            break
        }
    }

    /// Each metric's last failed attempt observed at or before `moment`.
    func failures(asOf moment: Timestamp) -> [MetricPath: Attempt] {
        failures.compactMapValues { attempts in
            attempts.filter { $0.observed <= moment }.max { $0.position < $1.position }
        }
    }

    /// The alerts open at `moment` (or now): per channel and metric, the last one queued by then, unless it resolved;
    /// with the time the run of alerts it belongs to began. Ordered by channel, then metric.
    func openAlerts(asOf moment: Timestamp?) -> [(subject: AlertSubject, last: QueuedAlert, since: Timestamp)] {
        alerts.compactMap { entry -> (subject: AlertSubject, last: QueuedAlert, since: Timestamp)? in
            let (subject, queued) = (entry.key, entry.value)
            let known = queued.filter { moment == nil || $0.observed <= moment! }.sorted { $0.position < $1.position }
            guard let last = known.last, last.alert.kind != .resolved else { return nil }
            let opened = known.lastIndex { $0.alert.kind == .resolved }.map { known[($0 + 1)...] } ?? known[...]
            return (subject, last, opened.first?.observed ?? last.observed)
        }.sorted { ($0.subject.channel, $0.subject.metric.rawValue) < ($1.subject.channel, $1.subject.metric.rawValue) }
    }
}

/// `/api/alerts`: the alerts open as of `at` (null: now), per channel and metric.
struct AlertsAnswer: Encodable {
    struct Open: Encodable {
        let channel: String
        let metric: String
        /// `firing` or `reminder`.
        let kind: String
        /// `moderate`, `major`, `critical` or `error`.
        let level: String
        let value: Value?
        let baseline: Value?
        let text: String
        /// When the last alert was queued.
        let queued: String
        /// When the first alert of this run of alerts was queued.
        let since: String
    }

    let at: String?
    let open: [Open]
}
