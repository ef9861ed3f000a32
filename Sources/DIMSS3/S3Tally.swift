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

    mutating func add(_ object: S3Object, for measure: S3Measure) {
        count += 1
        bytes += object.size
        newest = max(newest ?? object.lastModified, object.lastModified)
        oldest = min(oldest ?? object.lastModified, object.lastModified)
        switch measure {
        case .countSmallerThan(let threshold): if object.size < threshold { smallCount += 1 }
        case .dateGaps(let pattern), .missingDays(let pattern): if let day = pattern.firstDay(in: object.key) { days.insert(day) }
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
        }
    }

    private static func scaled(_ value: Double, _ unit: SizeUnit?, _ precision: Int?, integerWhenPlain: Int64?) -> Value {
        if unit == nil || unit == .bytes, precision == nil, let integerWhenPlain { return .integer(integerWhenPlain) }
        return .float(Value.round(value / Double((unit ?? .bytes).rawValue), precision: precision))
    }
}
