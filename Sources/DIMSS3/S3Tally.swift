internal import DIMSCore

/// The running totals of one metric over the objects it matched so far; tallies of disjoint listings merge.
struct S3Tally: Hashable, Sendable {
    var count: Int64 = 0
    var bytes: Int64 = 0
    var smallCount: Int64 = 0
    var newest: Int64?
    var oldest: Int64?
    /// The days (since 1970) found in key names, for `date_gaps`.
    var days: Set<Int64> = []
    /// Bytes by storage class other than `STANDARD`, for `cost` (standard bytes are `bytes` minus these).
    var otherClassBytes: [S3StorageClass: Int64] = [:]
    /// What each top-level part under the listed prefix adds to the metric, for its breakdown (when asked for), but
    /// for the part being added to (`run`); `flushed` has them all.
    private(set) var parts: [String: S3PartTally] = [:]
    /// The part the last object added went to, and what it added since the part began: keys come sorted, so the next
    /// key most often falls in the same part, which is then found by comparing bytes instead of naming it again.
    private var run: PartRun?

    /// The most distinct parts kept while listing; objects of later parts count in `S3PartTally.otherName`.
    static let maximumParts = 1_000

    mutating func add(_ object: S3Object, for measure: S3Measure) {
        count += 1
        bytes += object.size
        newest = max(newest ?? object.lastModified, object.lastModified)
        oldest = min(oldest ?? object.lastModified, object.lastModified)
        switch measure {
        case .countSmallerThan(let threshold): if object.size < threshold { smallCount += 1 }
        case .dateGaps(let pattern), .missingDays(let pattern): if let day = pattern.firstDay(in: object.key) { days.insert(day) }
        case .cost: if object.storageClass != .standard { otherClassBytes[object.storageClass, default: 0] += object.size }
        default: break
        }
    }

    mutating func merge(_ other: S3Tally) {
        count += other.count
        bytes += other.bytes
        smallCount += other.smallCount
        if let newest = other.newest { self.newest = max(self.newest ?? newest, newest) }
        if let oldest = other.oldest { self.oldest = min(self.oldest ?? oldest, oldest) }
        days.formUnion(other.days)
        otherClassBytes.merge(other.otherClassBytes, uniquingKeysWith: +)
        endRun()
        parts.merge(other.flushed.parts) { $0.merged($1) }
    }

    /// Adds `object` to the part of its key after the first `prefixLength` bytes, as well as to the totals.
    ///
    /// The keys added to a tally share their first `prefixLength` bytes (the metric's prefix). They may come in any
    /// order (a part that comes back adds to what it had); in S3's order, the keys of a part `raw/box/` follow each
    /// other, so its name is made once and the dictionary is touched once per part.
    mutating func add(_ object: S3Object, for measure: S3Measure, partAfter prefixLength: Int) {
        add(object, for: measure)
        if run?.holds(object.key, after: prefixLength) != true {
            endRun()
            let name = S3PartTally.part(of: object.key, after: prefixLength)
            run = PartRun(name: name, directlyUnder: name == S3PartTally.topLevelName)
        }
        run!.tally.add(object, for: measure)
    }

    /// Adds the part being added to into `parts`, its own or, past `maximumParts` distinct parts, the others'.
    private mutating func endRun() {
        guard let ended = run else { return }
        run = nil
        var name = ended.name
        if parts[name] == nil, parts.count >= Self.maximumParts { name = S3PartTally.otherName }
        parts[name, default: S3PartTally()].merge(ended.tally)
    }

    /// The tally with the part being added to in `parts`.
    var flushed: S3Tally {
        var tally = self
        tally.endRun()
        return tally
    }

    /// The metric's value by part, in its own units, or nil when the measure does not add up over objects.
    func breakdown(for measure: S3Measure) -> [String: Double]? {
        let parts = flushed.parts
        switch measure {
        case .count: return parts.mapValues { Double($0.count) }
        case .countSmallerThan: return parts.mapValues { Double($0.smallCount) }
        case .size(let unit, _): return parts.mapValues { Double($0.bytes) / Double((unit ?? .bytes).rawValue) }
        case .cost(let prices, _):
            var values = parts.mapValues(\.dollars)
            if prices.fixedMonthly != 0 { values[S3PartTally.fixedName] = prices.fixedMonthly }
            return values
        case .averageSize, .newestAgeHours, .oldestAgeDays, .age, .dateGaps, .missingDays: return nil
        }
    }

    /// The metric's value, or why there is none, with `now` for the age measures; `location` names the listing.
    func result(for measure: S3Measure, now: Timestamp, location: String) -> Result<Value, S3Error> {
        func none(_ what: String) -> Result<Value, S3Error> {
            .failure(S3Error(code: .noObjects, message: "No object of '\(location)' matches, so it has no \(what)"))
        }
        switch measure {
        case .count: return .success(.integer(count))
        case .countSmallerThan: return .success(.integer(smallCount))
        case .size(let unit, let precision): return .success(Self.scaled(Double(bytes), unit, precision, integerWhenPlain: bytes))
        case .averageSize(let unit, let precision):
            guard count > 0 else { return none("average size") }
            return .success(Self.scaled(Double(bytes) / Double(count), unit, precision ?? 2, integerWhenPlain: nil))
        case .newestAgeHours(let precision):
            guard let newest else { return none("newest age") }
            return .success(.float(Value.round((now.seconds - Double(newest)) / 3600, precision: precision ?? 2)))
        case .oldestAgeDays(let precision):
            guard let oldest else { return none("oldest age") }
            return .success(.float(Value.round((now.seconds - Double(oldest)) / 86_400, precision: precision ?? 2)))
        case .age(let age):
            guard let modified = age.newest ? newest : oldest else { return none(age.newest ? "newest age" : "oldest age") }
            return .success(age.value(now: now, modified: modified))
        case .dateGaps:
            let sorted = days.sorted()
            return .success(.integer(Int64(zip(sorted, sorted.dropFirst()).filter { $1 - $0 > 1 }.count)))
        case .missingDays:
            let sorted = days.sorted()
            return .success(.integer(zip(sorted, sorted.dropFirst()).reduce(Int64(0)) { $0 + ($1.1 - $1.0 - 1) }))
        case .cost(let prices, let precision):
            return cost(prices).map { .float(Value.round($0, precision: precision ?? 2)) }
        }
    }

    /// Dollars a month: each storage class's bytes in GB (1024³) at its price, plus the fixed monthly costs; an error
    /// naming a storage class that has no price.
    func cost(_ prices: S3Prices) -> Result<Double, S3Error> {
        var byClass = otherClassBytes
        byClass[.standard] = bytes - otherClassBytes.values.reduce(0, +)
        var dollars = prices.fixedMonthly
        for (storageClass, classBytes) in byClass.sorted(by: { $0.key.description < $1.key.description }) where classBytes > 0 {
            guard let price = prices.price(of: storageClass) else {
                return .failure(S3Error(code: .invalidOption, message: "No price for the storage class '\(storageClass)': "
                                            + "add it to the config's 'costs.storage_gb_month'"))
            }
            dollars += Double(classBytes) / Double(SizeUnit.gigabytes.rawValue) * price
        }
        return .success(dollars)
    }

    private static func scaled(_ value: Double, _ unit: SizeUnit?, _ precision: Int?, integerWhenPlain: Int64?) -> Value {
        if unit == nil || unit == .bytes, precision == nil, let integerWhenPlain { return .integer(integerWhenPlain) }
        return .float(Value.round(value / Double((unit ?? .bytes).rawValue), precision: precision))
    }
}

/// One part's share of a metric: the folder `raw/box/` of the prefix `raw/`, or the objects directly under the prefix.
struct S3PartTally: Hashable, Sendable {
    var count: Int64 = 0
    var bytes: Int64 = 0
    var smallCount: Int64 = 0
    /// Dollars a month of storage, for `cost`.
    var dollars: Double = 0

    static let topLevelName = "(objects directly under the prefix)"
    static let otherName = "(other parts)"
    static let fixedName = "(fixed monthly)"

    mutating func add(_ object: S3Object, for measure: S3Measure) {
        count += 1
        bytes += object.size
        switch measure {
        case .countSmallerThan(let threshold): if object.size < threshold { smallCount += 1 }
        case .cost(let prices, _):
            dollars += Double(object.size) / Double(SizeUnit.gigabytes.rawValue) * (prices.price(of: object.storageClass) ?? 0)
        default: break
        }
    }

    func merged(_ other: S3PartTally) -> S3PartTally {
        S3PartTally(count: count + other.count, bytes: bytes + other.bytes, smallCount: smallCount + other.smallCount,
                    dollars: dollars + other.dollars)
    }

    mutating func merge(_ other: S3PartTally) {
        count += other.count
        bytes += other.bytes
        smallCount += other.smallCount
        dollars += other.dollars
    }

    /// The key up to the end of its next segment after its first `length` bytes (the listed prefix), with its `/`:
    /// `raw/box/` for `raw/box/2024.csv` under `raw/`; `topLevelName` when no `/` follows.
    static func part(of key: String, after length: Int) -> String {
        let utf8 = key.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: length, limitedBy: utf8.endIndex) ?? utf8.endIndex
        guard let slash = utf8[start...].firstIndex(of: UInt8(ascii: "/")) else { return topLevelName }
        return String(Substring(utf8[...slash]))
    }
}

/// The part an `S3Tally` is adding to, and what the objects of this stretch of keys added to it.
struct PartRun: Hashable, Sendable {
    /// The part's name: the key's bytes up to and including the `/` that ends its segment, or `topLevelName`.
    var name: String
    /// Whether the part is `topLevelName`, the objects with no `/` after the prefix.
    var directlyUnder: Bool
    var tally = S3PartTally()

    /// Whether `key` belongs to this part, found without allocating. Both start with the listed prefix (its first
    /// `prefixLength` bytes); past it, a key belongs to a part that ends at a `/` when it has the part's bytes, and to
    /// `topLevelName` when it has no `/`.
    func holds(_ key: String, after prefixLength: Int) -> Bool {
        let found = key.utf8.withContiguousStorageIfAvailable { key in
            name.utf8.withContiguousStorageIfAvailable { name in Self.holds(key, name, directlyUnder, after: prefixLength) }
        }
        if let found = found ?? nil { return found }
        return Array(key.utf8).withUnsafeBufferPointer { key in
            Array(name.utf8).withUnsafeBufferPointer { name in Self.holds(key, name, directlyUnder, after: prefixLength) }
        }
    }

    private static func holds(_ key: UnsafeBufferPointer<UInt8>, _ name: UnsafeBufferPointer<UInt8>, _ directlyUnder: Bool, after prefixLength: Int) -> Bool {
        var index = prefixLength
        if directlyUnder {
            while index < key.count {
                if key[index] == UInt8(ascii: "/") { return false }
                index += 1
            }
            return true
        }
        guard name.count <= key.count else { return false }
        while index < name.count {
            if key[index] != name[index] { return false }
            index += 1
        }
        return true
    }
}
