import DIMSCore
import DIMSTestSupport
import DIMSWorkflow
import Testing

struct AuditTimelineTests {
    let metric = MetricPath("code_base.swift_files")

    func at(_ hour: Int) -> Timestamp { EventFactory.start.adding(hours: Double(hour)) }

    /// Growing drift marks the first time each level was crossed, once; a baseline move is a moment and resets it.
    @Test func marksEachLevelOnceAndBaselineMoves() {
        let events = [
            EventFactory.baseline(metric, .integer(100), at: at(0), actor: "alice@laptop"),
            EventFactory.measured(metric, .integer(103), at: at(1)),
            EventFactory.measured(metric, .integer(104), at: at(2)),
            EventFactory.measured(metric, .integer(130), at: at(3)),
            EventFactory.baseline(metric, .integer(130), previous: .integer(100), at: at(4), actor: "bob@ci"),
        ]
        let timeline = AuditTimeline(events: events, thresholds: Thresholds())
        #expect(timeline.lines.count == 5)
        let texts = timeline.moments.map(\.text)
        #expect(texts.first == "baseline none → 100 by alice@laptop (update)")
        #expect(texts.filter { $0.hasPrefix("first minor drift") }.count == 1)
        #expect(texts.contains { $0.hasPrefix("first critical drift from 100: 130") })
        #expect(texts.last == "baseline 100 → 130 by bob@ci (update)")
    }
}
