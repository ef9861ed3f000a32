import DIMSCore
import Testing

struct DriftTests {
    let thresholds = Thresholds()

    /// The seed's table: level by percent, severity by level and volatility.
    @Test(arguments: [
        (100.0, 100.0, DriftLevel.ok), (100, 104.9, .minor), (100, 105, .moderate), (100, 114.9, .moderate),
        (100, 115, .major), (100, 125, .major), (100, 125.1, .critical), (100, 60, .critical), (100, 97, .minor),
    ])
    func levelsFollowTheTable(baseline: Double, value: Double, level: DriftLevel) {
        #expect(Verdict.compare(.float(value), baseline: .float(baseline), thresholds: thresholds).level == level)
    }

    @Test func severityDependsOnVolatility() {
        #expect(Severity(level: .minor, volatility: .volatile) == .low)
        #expect(Severity(level: .moderate, volatility: .volatile) == .medium)
        #expect(Severity(level: .major, volatility: .volatile) == .high)
        #expect(Severity(level: .critical, volatility: .volatile) == .critical)
        #expect(Severity(level: .minor, volatility: .stable) == .medium)
        #expect(Severity(level: .moderate, volatility: .stable) == .high)
        #expect(Severity(level: .major, volatility: .stable) == .critical)
        #expect(Severity(level: .ok, volatility: .stable) == Severity.none)
    }

    /// A zero baseline with a non-zero value is critical; strings compare as changed; no baseline is new.
    @Test func specialCases() {
        #expect(Verdict.compare(.integer(3), baseline: .integer(0), thresholds: thresholds) == .drifted(level: .critical, delta: 3, percent: nil))
        #expect(Verdict.compare(.string("b"), baseline: .string("a"), thresholds: thresholds) == .changed)
        #expect(Verdict.compare(.boolean(true), baseline: .boolean(true), thresholds: thresholds) == .ok)
        #expect(Verdict.compare(.integer(1), baseline: nil, thresholds: thresholds) == .new)
        #expect(Verdict.compare(.integer(108), baseline: .integer(100), thresholds: thresholds) == .drifted(level: .moderate, delta: 8, percent: 8))
    }
}
