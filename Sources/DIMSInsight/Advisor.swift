public import DIMSCore
import Foundation

/// What is known of one metric for the recommendation rules: its config, state and daily values.
public struct MetricFacts: Sendable {
    public var spec: MetricSpec
    public var value: Value?
    public var baseline: Value?
    /// Daily values, oldest first.
    public var series: [DailyValue]

    public init(spec: MetricSpec, value: Value?, baseline: Value?, series: [DailyValue]) {
        self.spec = spec
        self.value = value
        self.baseline = baseline
        self.series = series
    }

    /// The `measure:` of an S3 metric (`count` when not given), nil for other sources.
    var s3Measure: String? {
        guard spec.source == .s3 else { return nil }
        return spec["measure"]?.entries?.first?.key ?? spec["measure"]?.string
            ?? (spec["count_smaller_than"] != nil ? "count_smaller_than" : "count")
    }

    /// The S3 location it lists: `s3://bucket/prefix`.
    var s3Location: String? {
        guard spec.source == .s3, let bucket = spec["bucket"]?.string else { return nil }
        return "s3://\(bucket)/" + (spec["prefix"]?.string ?? spec["prefixes"]?.strings?.joined(separator: ",") ?? "")
    }
}

/// Rules over the metrics' facts, each naming its evidence. A rule that lacks the data it needs says nothing.
public enum Advisor {
    /// Limits reached within this many days are recommendations; later ones are not yet.
    public static let limitHorizonDays: Int32 = 365
    /// Code growing at least this many percent a month, with docs at most half as fast, means docs fall behind.
    public static let codeGrowthPercentPerMonth = 1.0
    /// A bucket with at least this share of small objects, and at least `smallObjectsMinimum` objects, has many.
    public static let smallObjectShare = 0.5
    public static let smallObjectsMinimum: Int64 = 1_000
    /// The newest data is stale when at least this many times older than its median age, and at least a day old.
    public static let staleFactor = 3.0

    /// Every recommendation for `facts` as of `today`, most urgent rule first, then by metric.
    public static func recommend(_ facts: [MetricFacts], thresholds: Thresholds, today: Day) -> [Recommendation] {
        var result: [Recommendation] = []
        for fact in facts { result += limits(fact, today: today) }
        result += docsBehindCode(facts, today: today)
        result += smallObjects(facts)
        for fact in facts { result += stale(fact) }
        for fact in facts { result += dataLoss(fact, thresholds: thresholds) }
        return result
    }

    // MARK: - Growth against limits

    static func limits(_ fact: MetricFacts, today: Day) -> [Recommendation] {
        let limits = MetricLimits(fact.spec)
        guard !limits.isEmpty, !fact.series.isEmpty else { return [] }
        let forecast = Forecast(fact.series, today: today, horizon: today.adding(days: Int(limitHorizonDays)), limits: limits)
        let path = fact.spec.path
        return forecast.crossings.compactMap { crossing -> Recommendation? in
            let name = crossing.kind == .budget ? "budget" : crossing.kind.rawValue
            let action = crossing.kind == .min ? "check what removes data" : (crossing.kind == .budget ? "raise the budget or add lifecycle rules" : "raise the limit or add lifecycle rules")
            switch crossing.state {
            case .exceeded:
                guard let last = forecast.last else { return nil }
                return Recommendation(rule: .limitExceeded, metrics: [path],
                                      message: "\(path) is \(Figure.text(last.value)) on \(last.day), \(crossing.kind.isUpper ? "above" : "below") its \(name) of \(Figure.text(crossing.limit)): \(action)",
                                      evidence: ["value": last.value, "limit": crossing.limit])
            case .expected:
                guard let day = crossing.day, let growth = forecast.growth, day.daysSince1970 - today.daysSince1970 <= limitHorizonDays else { return nil }
                let days = Double(day.daysSince1970 - today.daysSince1970)
                var evidence = ["limit": crossing.limit, "per_week": growth.perWeek, "days_to_limit": days]
                if let percent = growth.perWeekPercent { evidence["per_week_pct"] = percent }
                if let last = forecast.last { evidence["value"] = last.value }
                let rate = growth.perWeekPercent.map { "\(Figure.percent($0))/week (\(Figure.signed(growth.perWeek))/week)" } ?? "\(Figure.signed(growth.perWeek))/week"
                return Recommendation(rule: .limitApproaching, metrics: [path],
                                      message: "\(path) \(growth.perWeek >= 0 ? "is growing" : "is falling") \(rate): its \(name) of \(Figure.text(crossing.limit)) is reached around \(day) (in \(Int(days)) days); \(action)",
                                      evidence: evidence)
            case .notOnTrend, .unknown:
                return nil
            }
        }
    }

    // MARK: - Docs keeping pace with code

    static func isDocs(_ path: MetricPath) -> Bool {
        let text = path.rawValue.lowercased()
        return text.contains("doc") || text.contains("markdown")
    }

    static func isCode(_ path: MetricPath) -> Bool {
        let name = path.name.lowercased()
        return path.category.lowercased().contains("code") && !isDocs(path) && (name.contains("files") || name.contains("lines"))
            && !name.contains("test")
    }

    /// The monthly growth of each metric whose trend fits, in percent of its level.
    static func monthlyPercent(_ fact: MetricFacts, today: Day) -> Double? {
        let forecast = Forecast(fact.series, today: today, horizon: today.adding(days: 30))
        guard forecast.status == .fit else { return nil }
        return forecast.growth?.perMonthPercent
    }

    static func docsBehindCode(_ facts: [MetricFacts], today: Day) -> [Recommendation] {
        let code = facts.filter { isCode($0.spec.path) }.compactMap { fact in monthlyPercent(fact, today: today).map { (fact.spec.path, $0) } }
        let docs = facts.filter { isDocs($0.spec.path) }.compactMap { fact in monthlyPercent(fact, today: today).map { (fact.spec.path, $0) } }
        guard let fastest = code.max(by: { $0.1 < $1.1 }), let bestDocs = docs.max(by: { $0.1 < $1.1 }),
              fastest.1 >= codeGrowthPercentPerMonth, bestDocs.1 <= fastest.1 / 2 else { return [] }
        return [Recommendation(rule: .docsBehindCode, metrics: [bestDocs.0, fastest.0],
                               message: "Code grows \(Figure.percent(fastest.1))/month (\(fastest.0)) and documentation \(Figure.percent(bestDocs.1))/month (\(bestDocs.0)): docs are not keeping pace; document the new code",
                               evidence: ["code_pct_month": fastest.1, "docs_pct_month": bestDocs.1])]
    }

    // MARK: - Many small objects

    static func smallObjects(_ facts: [MetricFacts]) -> [Recommendation] {
        var result: [Recommendation] = []
        for small in facts where small.s3Measure == "count_smaller_than" {
            guard let location = small.s3Location, let smallCount = small.value?.number,
                  let total = facts.first(where: { $0.s3Measure == "count" && $0.s3Location == location && $0.spec["suffix"] == small.spec["suffix"] }),
                  let count = total.value?.number, count >= Double(smallObjectsMinimum), smallCount / count >= smallObjectShare else { continue }
            let threshold = small.spec["measure"]?["count_smaller_than"]?.double ?? small.spec["count_smaller_than"]?.double ?? small.spec["bytes"]?.double
            let under = threshold.map { " under \(Figure.text($0)) bytes" } ?? " small"
            var evidence = ["small_objects": smallCount, "objects": count, "share_pct": smallCount / count * 100]
            if let threshold { evidence["threshold_bytes"] = threshold }
            result.append(Recommendation(rule: .manySmallObjects, metrics: [small.spec.path, total.spec.path],
                                         message: "\(String(format: "%.0f", smallCount / count * 100)) % of the objects of \(location) (\(Figure.text(smallCount)) of \(Figure.text(count))) are\(under): each is a request to write and read, and some storage classes bill 128 KB at least; combine them into larger files",
                                         evidence: evidence))
        }
        return result
    }

    // MARK: - Stale data

    static func stale(_ fact: MetricFacts) -> [Recommendation] {
        let isAge = fact.s3Measure == "newest_age_hours" || fact.s3Measure == "newest_age" || fact.spec.source == .age
        guard isAge, let current = fact.value?.number, fact.series.count > Forecast.minimumDays else { return [] }
        let earlier = fact.series.dropLast().map(\.value)
        guard let typical = Statistics.median(Array(earlier)), current > staleFactor * max(typical, 0) else { return [] }
        // S3's `newest_age` counts days unless its `unit` says otherwise; the file source's `age`, hours.
        let unit = fact.s3Measure == "newest_age_hours" ? "hours" : (fact.spec["unit"]?.string ?? (fact.s3Measure == "newest_age" ? "days" : "hours"))
        let dayInUnit = unit.hasPrefix("day") ? 1.0 : (unit.hasPrefix("min") ? 1_440.0 : 24.0)
        guard current >= dayInUnit else { return [] }
        let what = fact.s3Location.map { "The newest object of \($0)" } ?? "\(fact.spec.path)"
        return [Recommendation(rule: .staleData, metrics: [fact.spec.path],
                               message: "\(what) is \(Figure.text(current)) \(unit) old, against \(Figure.text(typical)) typically (the median of \(earlier.count) days): check that the job that writes it still runs",
                               evidence: ["age": current, "typical_age": typical, "days": Double(earlier.count)])]
    }

    // MARK: - Negative drift on a volatile metric

    static func dataLoss(_ fact: MetricFacts, thresholds: Thresholds) -> [Recommendation] {
        guard fact.spec.volatility == .volatile, let value = fact.value?.number, let baseline = fact.baseline?.number,
              baseline > 0, value < baseline else { return [] }
        // Ages and gaps fall when things go well; only amounts that accumulate are expected to grow.
        if let measure = fact.s3Measure, !["count", "size", "cost"].contains(measure) { return [] }
        if fact.spec.source == .age { return [] }
        let percent = (value - baseline) / baseline * 100
        guard -percent >= thresholds.minor else { return [] }
        return [Recommendation(rule: .possibleDataLoss, metrics: [fact.spec.path],
                               message: "\(fact.spec.path) fell \(Figure.percent(percent)) (\(Figure.signed(value - baseline))) from its baseline \(Figure.text(baseline)) to \(Figure.text(value)); it is volatile and expected to grow: check for data loss (deletions, a failed sync or job)",
                               evidence: ["value": value, "baseline": baseline, "change_pct": percent])]
    }
}
