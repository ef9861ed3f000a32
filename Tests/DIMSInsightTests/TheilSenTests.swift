import DIMSInsight
import DIMSTestSupport
import Foundation
import Testing

struct TheilSenTests {
    /// Points on a line give back that line, with a confidence interval of no width.
    @Test func pointsOnALineGiveThatLine() throws {
        let x = (0..<20).map(Double.init)
        let fit = try #require(TheilSen(x: x, y: x.map { 3 * $0 + 7 }))
        #expect(fit.slope == 3)
        #expect(fit.intercept == 7)
        #expect(fit.lowSlope == 3 && fit.highSlope == 3)
    }

    /// One wild value moves the least-squares slope but not the median of pairwise slopes.
    @Test func oneOffJumpDoesNotMoveTheSlope() throws {
        let x = (0..<30).map(Double.init)
        var y = x.map { 2 * $0 + 10 }
        y[12] += 5_000
        let fit = try #require(TheilSen(x: x, y: y))
        #expect(fit.slope == 2)
        #expect(abs(fit.intercept - 10) <= 2, "the median of y moves by one place: \(fit.intercept)")
    }

    @Test func fewerThanTwoDistinctDaysHaveNoLine() {
        #expect(TheilSen(x: [1], y: [5]) == nil)
        #expect(TheilSen(x: [2, 2, 2], y: [1, 2, 3]) == nil)
        #expect(TheilSen(x: [1, 2], y: [1]) == nil)
    }

    /// The slope, intercept and interval equal scipy.stats.theilslopes on noisy, tied, gapped and stepped series.
    @Test func agreesWithScipy() throws {
        var noise = SeededNoise(seed: 42)
        var cases: [(x: [Double], y: [Double])] = []
        let x50 = (0..<50).map(Double.init)
        cases.append((x50, x50.map { 100 + 4 * $0 + 25 * noise.normal() }))
        cases.append((x50, x50.map { _ in (10 * noise.uniform()).rounded() }))           // many ties in y
        let gapped = (0..<120).filter { $0 % 3 != 1 && !(40..<70).contains($0) }.map(Double.init)
        cases.append((gapped, gapped.map { 1_000 - 2.5 * $0 + 8 * noise.normal() }))
        cases.append((x50.map { ($0 / 2).rounded(.down) }, x50.map { $0 * $0 }))         // ties in x
        let steps = (0..<84).map(Double.init)
        cases.append((steps, steps.map { 1_000 + 70 * ($0 / 7).rounded(.down) }))
        cases.append(([0, 1, 2, 3, 4, 5, 6, 7], [5, 5, 5, 5, 5, 5, 5, 6]))

        let input = try JSONSerialization.data(withJSONObject: cases.map { ["x": $0.x, "y": $0.y] })
        let script = ProcessRunner.packageRoot + "/Tests/Fixtures/insight/theilslopes.py"
        let result = try ProcessRunner.run("/usr/bin/env", ["python3", script], input: String(decoding: input, as: UTF8.self))
        #expect(result.status == 0, "\(result.stderr)")
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[Double]])
        #expect(reference.count == cases.count)
        for (index, (item, expected)) in zip(cases, reference).enumerated() {
            let fit = try #require(TheilSen(x: item.x, y: item.y))
            let got = [fit.slope, fit.intercept, fit.lowSlope, fit.highSlope]
            for (name, (a, b)) in zip(["slope", "intercept", "low", "high"], zip(got, expected)) {
                #expect(abs(a - b) <= 1e-9 * max(1, abs(b)), "case \(index) \(name): \(a) vs scipy \(b)")
            }
        }
    }
}
