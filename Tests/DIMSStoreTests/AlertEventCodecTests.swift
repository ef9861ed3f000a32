import DIMSCore
import DIMSStore
import DIMSTestSupport
import Testing

struct AlertEventCodecTests {
    static let events: [Event] = [
        .triggered(Trigger(type: "post-commit", source: "git-commit", hooks: ["code-change"], metrics: ["code_base.files", "code_base.lines"],
                           measured: 1, failed: 1)),
        .triggered(Trigger(type: "nightly", source: "", hooks: [], metrics: [], measured: 0, failed: 0)),
        .alertQueued(Alert(channel: "team", kind: .firing, level: .major, metric: "s3.objects", value: .integer(130), baseline: .float(100.5),
                           text: "⚠️  s3.objects: 130 (drifted +29.4% from 100.5)")),
        .alertQueued(Alert(channel: "team", kind: .test, level: .approval, metric: nil, text: "")),
        .alertDelivered(AlertOutcome(alert: EventID(high: 1, low: 2), channel: "team", status: 200, attempts: 3)),
        .alertFailed(AlertOutcome(alert: EventID(high: 3, low: 4), channel: "pager", status: -1, attempts: 1, reason: "timed out")),
    ]

    /// Hook and alert events survive encoding and decoding unchanged.
    @Test(arguments: events)
    func roundTrips(_ event: Event) throws {
        let entry = LoggedEvent(seq: 9, recorded: EventFactory.start, observed: EventFactory.start, actor: "a@b", event: event)
        #expect(try EventCodec.decode(EventCodec.encode(entry), seq: 9) == entry)
    }

    /// The kinds are 24–27, the numbers set aside for hooks and alerts.
    @Test func kindsUseTheirNumbers() {
        let kinds = Self.events.map { EventCodec.encode(LoggedEvent(recorded: EventFactory.start, observed: EventFactory.start, actor: "", event: $0))[1] }
        #expect(kinds == [24, 24, 25, 25, 26, 27])
    }

    /// A queued alert about a metric is indexed under it; deliveries are not.
    @Test func queuedAlertBelongsToItsMetric() {
        #expect(Self.events[2].metric == "s3.objects")
        #expect(Self.events[4].metric == nil)
        #expect(Self.events.map(\.kindName) == ["triggered", "triggered", "alert_queued", "alert_queued", "alert_delivered", "alert_failed"])
    }
}
