import DIMSCore
import DIMSInsight
import Testing

struct AdvisorTests {
    let today = SyntheticSeries.start.adding(days: 89)

    func spec(_ path: MetricPath, _ options: [String: ConfigValue] = [:], source: SourceKind = .command, volatility: Volatility = .volatile) -> MetricSpec {
        MetricSpec(path: path, source: source, options: options, volatility: volatility)
    }

    func facts(_ spec: MetricSpec, value: Double? = nil, baseline: Double? = nil, series: [DailyValue] = []) -> MetricFacts {
        MetricFacts(spec: spec, value: (value ?? series.last?.value).map(Value.float), baseline: baseline.map(Value.float), series: series)
    }

    func recommend(_ facts: [MetricFacts]) -> [Recommendation] {
        Advisor.recommend(facts, thresholds: Thresholds(), today: today)
    }

    /// Growth that reaches a budget within a year is named with its rate and date; one already past it, as exceeded.
    @Test func growthAgainstABudgetIsDated() throws {
        let growing = SyntheticSeries.make(0..<90) { 100 + 0.5 * Double($0) }
        let result = recommend([facts(spec("cost.monthly", ["limits": .map([("budget", .integer(200))])]), series: growing)])
        let item = try #require(result.first)
        #expect(item.rule == .limitApproaching)
        #expect(item.evidence["days_to_limit"] == 111)
        #expect(item.message.contains("its budget of 200 is reached around 2025-07-20 (in 111 days); raise the budget or add lifecycle rules"), "\(item.message)")
        #expect(item.message.contains("(+3.50/week)"), "\(item.message)")
        let past = recommend([facts(spec("cost.monthly", ["limits": .map([("max", .integer(120))])]), series: growing)])
        #expect(past.map(\.rule) == [.limitExceeded])
        #expect(past.first?.message == "cost.monthly is 144.50 on 2025-03-31, above its max of 120: raise the limit or add lifecycle rules")
    }

    /// A limit far beyond the horizon, or a metric without history, says nothing.
    @Test func limitsWithoutUrgencyOrDataSayNothing() {
        let slow = SyntheticSeries.make(0..<90) { 100 + 0.01 * Double($0) }
        #expect(recommend([facts(spec("a.b", ["limits": .map([("max", .integer(200))])]), series: slow)]).isEmpty)
        #expect(recommend([facts(spec("a.b", ["limits": .map([("max", .integer(200))])]))]).isEmpty)
    }

    /// Code growing 5 %/month with flat docs falls behind; docs growing as fast do not.
    @Test func docsNotKeepingPaceWithCode() throws {
        let code = facts(spec("code_base.python_files"), series: SyntheticSeries.make(0..<90) { 1_000 * (1 + 0.05 * Double($0) / 30) })
        let flatDocs = facts(spec("documentation.markdown_files"), series: SyntheticSeries.make(0..<90) { 300 + 0.01 * Double($0) })
        let item = try #require(recommend([code, flatDocs]).first)
        #expect(item.rule == .docsBehindCode)
        #expect(item.metrics == ["documentation.markdown_files", "code_base.python_files"])
        #expect(item.message.hasPrefix("Code grows +"), "\(item.message)")
        let keepingUp = facts(spec("documentation.markdown_files"), series: SyntheticSeries.make(0..<90) { 300 * (1 + 0.05 * Double($0) / 30) })
        #expect(recommend([code, keepingUp]).isEmpty)
        #expect(recommend([code]).isEmpty, "no docs metric: the rule lacks data")
    }

    /// 60 % of a bucket's objects under 1 KB is many; 10 % is not.
    @Test func manySmallObjects() throws {
        let s3: [String: ConfigValue] = ["bucket": .string("lake"), "prefix": .string("raw/")]
        let count = facts(spec("s3.objects", s3.merging(["measure": .string("count")]) { $1 }, source: .s3), value: 10_000)
        let small = facts(spec("s3.small", s3.merging(["measure": .string("count_smaller_than"), "bytes": .integer(1_024)]) { $1 }, source: .s3), value: 6_000)
        let item = try #require(recommend([count, small]).first)
        #expect(item.rule == .manySmallObjects)
        #expect(item.message.hasPrefix("60 % of the objects of s3://lake/raw/ (6,000 of 10,000) are under 1,024 bytes"), "\(item.message)")
        let few = facts(small.spec, value: 1_000)
        #expect(recommend([count, few]).isEmpty)
    }

    /// A newest object 80 hours old where it is usually 4 hours old is stale; a week of history is needed.
    @Test func staleData() throws {
        let age = spec("s3.newest", ["bucket": .string("lake"), "measure": .string("newest_age_hours")], source: .s3)
        var series = SyntheticSeries.make(0..<30) { 4 + Double($0 % 3) }
        series.append(DailyValue(day: SyntheticSeries.start.adding(days: 30), value: 80))
        let item = try #require(recommend([facts(age, series: series)]).first)
        #expect(item.rule == .staleData)
        #expect(item.message.hasPrefix("The newest object of s3://lake/ is 80 hours old, against 5 typically"), "\(item.message)")
        #expect(recommend([facts(age, series: Array(series.suffix(3)))]).isEmpty)
    }

    /// An age in minutes is stale only from a day (1,440 minutes) old: 300 minutes against 10 typically says nothing.
    @Test func staleDataInMinutesWaitsForADay() throws {
        let age = spec("s3.newest", ["bucket": .string("lake"), "measure": .string("newest_age"), "unit": .string("minutes")], source: .s3)
        var series = SyntheticSeries.make(0..<30) { 10 + Double($0 % 3) }
        series.append(DailyValue(day: SyntheticSeries.start.adding(days: 30), value: 300))
        #expect(recommend([facts(age, series: series)]).isEmpty)
        series[series.count - 1].value = 2_000
        let item = try #require(recommend([facts(age, series: series)]).first)
        #expect(item.rule == .staleData)
        #expect(item.message.hasPrefix("The newest object of s3://lake/ is 2,000 minutes old"), "\(item.message)")
        // Without a unit, S3's newest_age counts days.
        let days = spec("s3.newest", ["bucket": .string("lake"), "measure": .string("newest_age")], source: .s3)
        series[series.count - 1].value = 80
        let inDays = try #require(recommend([facts(days, series: series)]).first)
        #expect(inDays.message.hasPrefix("The newest object of s3://lake/ is 80 days old"), "\(inDays.message)")
    }

    /// A volatile count 12 % below its baseline may have lost data; a stable one, or an age, is not this rule's.
    @Test func negativeDriftOnAVolatileMetric() throws {
        let objects = spec("s3.objects", ["bucket": .string("lake")], source: .s3)
        let item = try #require(recommend([facts(objects, value: 88_000, baseline: 100_000)]).first)
        #expect(item.rule == .possibleDataLoss)
        #expect(item.message == "s3.objects fell -12.0 % (-12,000) from its baseline 100,000 to 88,000; it is volatile and expected to grow: check for data loss (deletions, a failed sync or job)")
        #expect(recommend([facts(spec("s3.objects", volatility: .stable), value: 88_000, baseline: 100_000)]).isEmpty)
        #expect(recommend([facts(objects, value: 98_000, baseline: 100_000)]).isEmpty, "under the minor threshold")
        let age = spec("s3.newest", ["bucket": .string("lake"), "measure": .string("newest_age_hours")], source: .s3)
        #expect(recommend([facts(age, value: 1, baseline: 20)]).isEmpty)
    }
}
