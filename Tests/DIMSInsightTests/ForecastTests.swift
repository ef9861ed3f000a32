import DIMSCore
import DIMSInsight
import DIMSTestSupport
import Foundation
import Testing

struct ForecastTests {
    let start = SyntheticSeries.start

    func forecast(_ series: [DailyValue], ahead: Int = 90, limits: MetricLimits = MetricLimits()) -> Forecast {
        let today = series.last?.day ?? start
        return Forecast(series, today: today, horizon: today.adding(days: ahead), limits: limits)
    }

    /// A straight line: exact growth per day, week and month, doubling time, and a projection with no spread.
    @Test func linearSeriesGivesItsSlopeAndProjection() throws {
        let result = forecast(SyntheticSeries.make(0..<60) { 1_000 + 5 * Double($0) })
        #expect(result.status == .fit)
        let fit = try #require(result.fit)
        #expect(fit.model == .linear)
        #expect(fit.rSquared == 1)
        let growth = try #require(result.growth)
        #expect(growth.perDay == 5)
        #expect(growth.perWeek == 35)
        #expect(abs(growth.perMonth - 152.1875) < 1e-9)
        #expect(abs((growth.perWeekPercent ?? 0) - 35.0 / 1_295 * 100) < 1e-9)
        #expect(growth.doublingDays == 259)
        let projection = try #require(result.projection)
        #expect(projection.day == start.adding(days: 59 + 90))
        #expect(projection.value == 1_745)
        #expect(projection.low == 1_745 && projection.high == 1_745)
    }

    /// Compounding growth of 1 % a day is read as exponential: 7.21 % a week, doubling in 69.7 days.
    @Test func exponentialSeriesGivesItsRateAndDoublingTime() throws {
        let result = forecast(SyntheticSeries.make(0..<120) { 100 * pow(1.01, Double($0)) })
        #expect(result.status == .fit)
        #expect(result.fit?.model == .exponential)
        let growth = try #require(result.growth)
        #expect(abs((growth.perWeekPercent ?? 0) - (pow(1.01, 7) - 1) * 100) < 1e-6)
        #expect(abs((growth.doublingDays ?? 0) - log(2) / log(1.01)) < 1e-6)
        let projection = try #require(result.projection)
        #expect(abs(projection.value / (100 * pow(1.01, 119 + 90)) - 1) < 1e-9)
    }

    /// A weekly batch that adds 70 every seventh day grows 10 a day.
    @Test func stepsGrowByTheirAverage() throws {
        let result = forecast(SyntheticSeries.make(0..<84) { 1_000 + 70 * Double($0 / 7) })
        #expect(result.status == .fit)
        #expect(result.fit?.model == .linear)
        #expect(abs((result.growth?.perDay ?? 0) - 10) < 0.5)
    }

    /// Missing days (every third, and a whole month) do not change a linear slope: days are counted by date.
    @Test func gapsDoNotChangeTheSlope() throws {
        let days = (0..<120).filter { $0 % 3 != 1 && !(40..<70).contains($0) }
        let result = forecast(SyntheticSeries.make(days) { 2_000 - 2.5 * Double($0) })
        #expect(result.status == .fit)
        #expect(result.growth?.perDay == -2.5)
        #expect(result.growth?.doublingDays == nil)
        #expect(result.points == days.count)
    }

    /// Noise with no trend is a poor fit: no growth and no projection are given.
    @Test func noiseIsAPoorFit() throws {
        var noise = SeededNoise(seed: 7)
        let result = forecast(SyntheticSeries.make(0..<90) { _ in 5_000 + 300 * noise.normal() })
        #expect(result.status == .poorFit)
        #expect(result.growth == nil)
        #expect(result.projection == nil)
        #expect((result.fit?.rSquared ?? 1) < Forecast.minimumRSquared)
    }

    @Test func fewerThanAWeekOfDaysIsTooFew() {
        let result = forecast(SyntheticSeries.make(0..<6) { Double($0) })
        #expect(result.status == .tooFewPoints)
        #expect(result.growth == nil)
        #expect(forecast([]).status == .tooFewPoints)
        #expect(forecast([]).last == nil)
    }

    /// A metric that never changes fits perfectly, does not grow and never doubles.
    @Test func constantSeriesIsFlat() throws {
        let result = forecast(SyntheticSeries.make(0..<30) { _ in 42 })
        #expect(result.status == .fit)
        #expect(result.growth?.perWeek == 0)
        #expect(result.growth?.perWeekPercent == 0)
        #expect(result.growth?.doublingDays == nil)
        #expect(result.projection?.value == 42)
    }

    /// Limits: a max reached at the trend is dated; one already passed is exceeded; a min a growing metric moves away from is not on the trend.
    @Test func limitsAreDatedExceededOrNotOnTrend() throws {
        let series = SyntheticSeries.make(0..<60) { 1_000 + 5 * Double($0) }
        let result = forecast(series, limits: MetricLimits(max: 2_000, min: 900, budget: 1_100))
        let byKind = Dictionary(uniqueKeysWithValues: result.crossings.map { ($0.kind, $0) })
        #expect(byKind[.max]?.state == .expected)
        #expect(byKind[.max]?.day == start.adding(days: 200))
        #expect(byKind[.budget]?.state == .exceeded)
        #expect(byKind[.min]?.state == .notOnTrend)
        let falling = forecast(SyntheticSeries.make(0..<60) { 1_000 - 5 * Double($0) }, limits: MetricLimits(min: 500))
        #expect(falling.crossings.first?.state == .expected)
        #expect(falling.crossings.first?.day == start.adding(days: 100))
    }

    /// Without a fit a limit is only said to be exceeded when the last value passed it.
    @Test func limitsWithoutAFitAreUnknown() {
        let result = forecast(SyntheticSeries.make(0..<3) { 10 * Double($0) }, limits: MetricLimits(max: 15, min: 0))
        #expect(result.crossings.map(\.state) == [.exceeded, .unknown])
    }

    /// Two years of history: the second year forecast from the first lies within the stated interval for a
    /// linear series with noise, and a noisy series without a real trend is called a poor fit.
    @Test func secondYearFromTheFirst() throws {
        var noise = SeededNoise(seed: 2025)
        let linear = SyntheticSeries.make(0..<730) { 5_000 + 12 * Double($0) + 40 * noise.normal() }
        let firstYear = Array(linear.prefix(365))
        for ahead in [30, 90, 180, 365] {
            let actual = linear[364 + ahead]
            let result = Forecast(firstYear, today: firstYear[364].day, horizon: actual.day)
            #expect(result.status == .fit)
            let projection = try #require(result.projection)
            #expect(projection.low <= actual.value && actual.value <= projection.high,
                    "\(ahead) days: \(actual.value) outside \(projection.low)...\(projection.high)")
        }
        let noisy = SyntheticSeries.make(0..<730) { 5_000 + 0.2 * Double($0) + 600 * noise.normal() }
        let result = Forecast(Array(noisy.prefix(365)), today: noisy[364].day, horizon: noisy[729].day)
        #expect(result.status == .poorFit)
        #expect(result.projection == nil)
    }

    /// The last reading of each day counts; text values are left out.
    @Test func dailySeriesTakesEachDaysLastNumber() {
        let day = Day(year: 2025, month: 3, day: 1)
        let points = [
            Point(observed: day.start.adding(hours: 9), seq: 1, value: .integer(5)),
            Point(observed: day.start.adding(hours: 18), seq: 2, value: .integer(7)),
            Point(observed: day.adding(days: 1).start.adding(hours: 1), seq: 3, value: .string("n/a")),
            Point(observed: day.adding(days: 2).start, seq: 4, value: .float(2.5)),
        ]
        #expect(DailyValue.series(points) == [DailyValue(day: day, value: 7), DailyValue(day: day.adding(days: 2), value: 2.5)])
    }
}
