import DIMSCore
import DIMSInsight
import Testing

struct AttributionTests {
    /// The parts' changes and the rest add up to the metric's change; parts that did not move are left out.
    @Test func partsAddUpToTheChange() {
        let then = Breakdown(metric: "s3.objects", values: ["espn_play_by_play/": 1_000, "espn_schedules/": 200, "misc/": 5])
        let now = Breakdown(metric: "s3.objects", values: ["espn_play_by_play/": 2_150, "espn_schedules/": 253, "misc/": 5, "new/": 7])
        let attribution = Attribution(then: then, now: now)
        #expect(attribution.change == 1_210)
        #expect(attribution.moves.map(\.name) == ["espn_play_by_play/", "espn_schedules/", "new/"])
        #expect(attribution.moves.map(\.change) == [1_150, 53, 7])
        #expect(attribution.restChange == 0)
    }

    /// A part beyond the kept ones on one side cannot be compared: its change stays in the rest, and it still adds up.
    @Test func partsBeyondTheLimitStayInTheRest() {
        var values: [String: Double] = [:]
        for index in 0..<(Breakdown.limit + 5) { values["p\(index)/"] = Double(100 + index) }
        let then = Breakdown(metric: "s3.objects", values: values)
        #expect(then.parts.count == Breakdown.limit)
        #expect(then.total == values.values.reduce(0, +))
        values["p24/"] = 524    // kept on both sides
        values["p0/"] = 101     // in the rest on both sides
        let now = Breakdown(metric: "s3.objects", values: values)
        let attribution = Attribution(then: then, now: now)
        #expect(attribution.change == 401)
        #expect(attribution.moves.map(\.name) == ["p24/"])
        #expect(attribution.moves.first?.change == 400)
        #expect(attribution.restChange == 1)
    }
}
