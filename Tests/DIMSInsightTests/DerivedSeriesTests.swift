import DIMSCore
import DIMSInsight
import Testing

struct DerivedSeriesTests {
    /// The days before the metric's first reading are computed from its inputs; from its first reading on, its own values hold.
    @Test func daysBeforeTheFirstReadingFollowFromTheInputs() {
        let size = SyntheticSeries.make(0..<30) { 100 + Double($0) }
        let own = SyntheticSeries.make(20..<30) { 29 + (100 + Double($0)) * 0.023 + 0.5 }
        let derived = DerivedSeries(own: own, inputs: [("s3.size", size)]) { 29 + $0[0] * 0.023 }
        #expect(derived.derivedDays == 20)
        #expect(derived.inputs == ["s3.size"])
        #expect(derived.series.count == 30)
        #expect(derived.series[0] == DailyValue(day: SyntheticSeries.start, value: 29 + 100 * 0.023))
        #expect(derived.lastDerivedDay == SyntheticSeries.start.adding(days: 19))
        #expect(Array(derived.series.suffix(10)) == own)
    }

    /// Only days on which every input has a value are derived; a value the computation refuses is left out.
    @Test func everyInputMustHaveADay() {
        let a = SyntheticSeries.make([0, 1, 2, 3]) { Double($0) }
        let b = SyntheticSeries.make([1, 2, 3]) { Double($0) }
        let derived = DerivedSeries(own: [], inputs: [("a", a), ("b", b)]) { values in values[1] == 2 ? nil : values[0] + values[1] }
        #expect(derived.series.map(\.value) == [2, 6])
        #expect(derived.derivedDays == 2)
        #expect(DerivedSeries(own: a).derivedDays == 0)
        #expect(DerivedSeries(own: a).lastDerivedDay == nil)
    }
}
