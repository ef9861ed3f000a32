import DIMSCore
@testable import DIMSS3
import Testing

/// `measure: cost` over tallies: bytes by storage class at the prices of `costs:`.
struct S3CostTests {
    static let gigabyte = Int64(1_073_741_824)

    func tally(_ objects: [(Int64, S3StorageClass)], prices: S3Prices = S3Prices()) -> (S3Tally, S3Measure) {
        let measure = S3Measure.cost(prices, precision: 4)
        var tally = S3Tally()
        for (index, (size, storageClass)) in objects.enumerated() {
            tally.add(S3Object(key: "k\(index)", size: size, lastModified: 0, storageClass: storageClass), for: measure)
        }
        return (tally, measure)
    }

    /// Each class at its own list price, plus the fixed monthly amount.
    @Test func eachClassCostsItsOwnPrice() throws {
        var prices = S3Prices()
        prices.fixedMonthly = 29
        let (tally, measure) = tally([(10 * Self.gigabyte, .standard), (4 * Self.gigabyte, .standardIA), (Self.gigabyte, .deepArchive)], prices: prices)
        let value = try tally.result(for: measure, now: Timestamp(seconds: 0), location: "s3://b/").get()
        #expect(value == .float(Value.round(29 + 10 * 0.023 + 4 * 0.0125 + 0.00099, precision: 4)))
    }

    /// Tallies of disjoint listings merge their bytes by class.
    @Test func mergedTalliesKeepTheirClasses() throws {
        var (first, measure) = tally([(Self.gigabyte, .glacier)])
        let (second, _) = tally([(Self.gigabyte, .glacier), (Self.gigabyte, .standard)])
        first.merge(second)
        #expect(try first.result(for: measure, now: Timestamp(seconds: 0), location: "s3://b/").get() == .float(Value.round(2 * 0.0036 + 0.023, precision: 4)))
    }

    /// A class without a price is an error naming it, never a cost of zero.
    @Test func unpricedClassIsAnError() {
        let (tally, measure) = tally([(Self.gigabyte, .standard), (5, .other("SNOW"))])
        guard case .failure(let error) = tally.result(for: measure, now: Timestamp(seconds: 0), location: "s3://b/") else {
            Issue.record("expected an error"); return
        }
        #expect(error.message == "No price for the storage class 'SNOW': add it to the config's 'costs.storage_gb_month'")
    }

    /// `costs:` overrides a default price, adds a class, and sums named fixed amounts; a wrong amount names its key.
    @Test func costsSectionIsRead() throws {
        let config = ConfigValue.map([
            ("storage_gb_month", .map([("standard", .float(0.021)), ("SNOW", .float(0.05))])),
            ("fixed_monthly", .map([("support", .integer(20)), ("requests", .float(9.5))])),
        ])
        let prices = try S3Prices(config: config)
        #expect(prices.price(of: .standard) == 0.021)
        #expect(prices.price(of: .other("SNOW")) == 0.05)
        #expect(prices.price(of: .glacier) == 0.0036)
        #expect(prices.fixedMonthly == 29.5)
        let error = #expect(throws: S3Error.self) { try S3Prices(config: .map([("fixed_monthly", .float(-1))])) }
        #expect(error?.message == "'costs.fixed_monthly' must be an amount of 0 or more, not '-1.0'")
    }

    /// A metric's own `fixed_monthly` replaces the section's.
    @Test func metricFixedAmountReplacesTheSections() throws {
        var prices = S3Prices()
        prices.fixedMonthly = 100
        let spec = MetricSpec(path: "cost.monthly", source: .s3, options: ["bucket": .string("b"), "measure": .string("cost"), "fixed_monthly": .integer(29)])
        let query = try S3Query(spec, prices: prices)
        guard case .cost(let used, let precision) = query.measure else { Issue.record("expected a cost measure"); return }
        #expect(used.fixedMonthly == 29)
        #expect(precision == nil)
    }
}

/// Breakdowns of S3 tallies by the next folder under the listed prefix.
struct S3BreakdownTests {
    @Test func partIsTheNextFolderUnderThePrefix() {
        #expect(S3PartTally.part(of: "raw/box/2024.csv", after: 4) == "raw/box/")
        #expect(S3PartTally.part(of: "espn/schedule/x.json", after: 0) == "espn/")
        #expect(S3PartTally.part(of: "raw/readme.txt", after: 4) == S3PartTally.topLevelName)
        #expect(S3PartTally.part(of: "café/über/x", after: 0) == "café/")
    }

    /// Count, size and cost split by part, adding up to the metric; the fixed amount is a part of its own.
    @Test func breakdownAddsUpToTheValue() throws {
        var prices = S3Prices()
        prices.fixedMonthly = 29
        let objects = [S3Object(key: "a/1", size: 1_073_741_824, lastModified: 0), S3Object(key: "a/2", size: 10, lastModified: 0),
                       S3Object(key: "b/1", size: 1_073_741_824, lastModified: 0, storageClass: .glacier), S3Object(key: "top", size: 4, lastModified: 0)]
        for measure in [S3Measure.count, .size(unit: .megabytes, precision: nil), .cost(prices, precision: 9)] {
            var tally = S3Tally()
            for object in objects { tally.add(object, for: measure, partAfter: 0) }
            let parts = try #require(tally.breakdown(for: measure))
            guard case .success(let value) = tally.result(for: measure, now: Timestamp(seconds: 0), location: "s3://b/") else { Issue.record("no value"); continue }
            #expect(abs(parts.values.reduce(0, +) - (value.number ?? -1)) < 1e-8, "\(measure): \(parts)")
            #expect(Set(parts.keys).isSuperset(of: ["a/", "b/", S3PartTally.topLevelName]))
        }
        #expect(S3Tally().breakdown(for: .newestAgeHours(precision: nil)) == nil)
    }

    /// In S3's order (of UTF-8 bytes) a part's keys follow each other, but keys directly under the prefix fall between
    /// parts (`a-b` and `a.b` before `a/`, `a0` after it); the parts are the same in that order, reversed, with a part
    /// coming back after another, and from tallies of two halves merged.
    @Test func partsDoNotDependOnTheOrderOfKeys() throws {
        let keys = ["raw/a", "raw/a-b", "raw/a-b/x", "raw/a.b", "raw/a/1", "raw/a/2/deep", "raw/a0", "raw/a0/x", "raw/b", "raw/é", "raw/é/1", "raw/é/2"]
        let objects = keys.enumerated().map { S3Object(key: $1, size: Int64(1 << $0), lastModified: 0) }
        var expected: [String: Double] = [:]
        for object in objects { expected[S3PartTally.part(of: object.key, after: 4), default: 0] += Double(object.size) }
        #expect(expected.count == 5)
        let sorted = objects.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        #expect(sorted.map(\.key) == keys)
        let comeBack = [objects[4], objects[8], objects[5], objects[0], objects[6], objects[1]] + objects.filter { ![0, 1, 4, 5, 6, 8].contains(keys.firstIndex(of: $0.key)!) }
        for order in [sorted, sorted.reversed(), comeBack] {
            var tally = S3Tally()
            for object in order { tally.add(object, for: .size(unit: nil, precision: nil), partAfter: 4) }
            #expect(tally.breakdown(for: .size(unit: nil, precision: nil)) == expected, "\(order.map(\.key))")
            #expect(tally.bytes == Int64(expected.values.reduce(0, +)))
        }
        var first = S3Tally(), second = S3Tally()
        for object in sorted.prefix(5) { first.add(object, for: .count, partAfter: 4) }
        for object in sorted.dropFirst(5) { second.add(object, for: .count, partAfter: 4) }
        first.merge(second)
        let counts = try #require(first.breakdown(for: .count))
        #expect(counts == Dictionary(grouping: keys) { S3PartTally.part(of: $0, after: 4) }.mapValues { Double($0.count) })
    }

    /// Past `maximumParts` distinct parts, later parts count together, and the parts still add up to the value.
    @Test func partsBeyondTheLimitCountTogether() throws {
        var tally = S3Tally()
        let parts = S3Tally.maximumParts + 5
        for part in 0..<parts {
            for file in 0..<2 { tally.add(S3Object(key: "p\(part)/\(file)", size: 1, lastModified: 0), for: .count, partAfter: 0) }
        }
        let counts = try #require(tally.breakdown(for: .count))
        #expect(counts.count == S3Tally.maximumParts + 1)
        #expect(counts[S3PartTally.otherName] == 10)
        #expect(counts["p0/"] == 2)
        #expect(counts.values.reduce(0, +) == Double(2 * parts))
    }
}

/// How a cost metric's history follows from the size metric of the same listing.
struct S3CostInputTests {
    func spec(_ path: MetricPath, _ options: [String: ConfigValue]) -> MetricSpec {
        MetricSpec(path: path, source: .s3, options: options)
    }

    /// The size metric of the same bucket and prefix is the input, in its unit; another prefix's is not.
    @Test func sizeOfTheSameListingIsTheInput() throws {
        let cost = spec("s3.cost", ["bucket": .string("lake"), "prefix": .string("raw/"), "measure": .string("cost"), "fixed_monthly": .integer(29)])
        let other = spec("s3.other_mb", ["bucket": .string("lake"), "prefix": .string("other/"), "measure": .string("size"), "unit": .string("MB")])
        let size = spec("s3.raw_mb", ["bucket": .string("lake"), "prefix": .string("raw/"), "measure": .string("size"), "unit": .string("MB")])
        let input = try #require(S3CostInput(cost: cost, among: [cost, other, size], costs: nil))
        #expect(input.size == "s3.raw_mb")
        #expect(input.gigabytesPerUnit == 1.0 / 1024)
        #expect(input.fixedMonthly == 29)
        // 2,048 MB at the STANDARD list price, or at the price a day with both readings shows (all in Standard-IA).
        #expect(abs(input.cost(ofSize: 2_048) - (29 + 2 * 0.023)) < 1e-12)
        #expect(abs(input.cost(ofSize: 2_048, calibration: (cost: 29 + 4 * 0.0125, size: 4_096)) - (29 + 2 * 0.0125)) < 1e-12)
        #expect(S3CostInput(cost: cost, among: [cost, other], costs: nil) == nil)
        #expect(S3CostInput(cost: size, among: [cost, size], costs: nil) == nil, "a size is not a cost")
    }

    /// The config's STANDARD price is the default one.
    @Test func configuredStandardPriceIsUsed() throws {
        let cost = spec("s3.cost", ["bucket": .string("lake"), "measure": .string("cost")])
        let size = spec("s3.gb", ["bucket": .string("lake"), "measure": .string("size"), "unit": .string("GB")])
        let costs = ConfigValue.map([("storage_gb_month", .map([("STANDARD", .float(0.02))]))])
        let input = try #require(S3CostInput(cost: cost, among: [size, cost], costs: costs))
        #expect(abs(input.cost(ofSize: 10) - 0.2) < 1e-12)
    }
}
