internal import DIMSCore

/// What one S3 metric asks of a listing: which objects count, and what to compute over them.
struct S3Query: Hashable, Sendable {
    var bucket: String
    var filter: S3Filter
    var measure: S3Measure
    var settings: S3Settings.Overrides

    /// Reads the options of `spec`, or throws naming the option that is missing or wrong; `prices` serve `measure: cost`.
    init(_ spec: MetricSpec, prices: S3Prices = S3Prices()) throws(S3Error) {
        func string(_ name: String) -> String? { spec[name]?.string.flatMap { $0.isEmpty ? nil : $0 } }
        func bytes(_ name: String) throws(S3Error) -> Int64? {
            guard let value = spec[name] else { return nil }
            guard let number = value.integer, number >= 0 else { throw .invalidOption(spec.path, name, value.string ?? "") }
            return number
        }
        guard let bucket = string("bucket") else { throw .missingOption(spec.path, "bucket") }
        self.bucket = bucket
        filter = S3Filter(prefix: string("prefix") ?? "", suffix: string("suffix"),
                          minSize: try bytes("min_size"), maxSize: try bytes("max_size"))
        settings = S3Settings.Overrides(endpoint: string("endpoint"), region: string("region"), profile: string("profile"))
        let precision = spec.precision ?? spec["precision"]?.integer.map(Int.init)
        let name = spec["measure"]?.entries?.first?.key ?? string("measure") ?? (spec["count_smaller_than"] != nil ? "count_smaller_than" : "count")
        var unit: SizeUnit?
        if let text = string("unit"), !["newest_age", "oldest_age"].contains(name) {
            guard let parsed = SizeUnit(text) else { throw .invalidOption(spec.path, "unit", text) }
            unit = parsed
        }
        switch name {
        case "newest_age", "oldest_age":
            let text = string("unit") ?? "days"
            guard let seconds = ["days": Int64(86_400), "hours": 3_600, "minutes": 60][text.lowercased()] else {
                throw .invalidOption(spec.path, "unit", text)
            }
            let age = S3Age(newest: name == "newest_age", seconds: seconds, whole: spec.parseType == .integer, precision: precision)
            measure = .age(age)
        case "count": measure = .count
        case "size": measure = .size(unit: unit, precision: precision)
        case "avg_size": measure = .averageSize(unit: unit, precision: precision)
        case "newest_age_hours": measure = .newestAgeHours(precision: precision)
        case "oldest_age_days": measure = .oldestAgeDays(precision: precision)
        case "count_smaller_than":
            let fromOption = try bytes("count_smaller_than")
            let fromBytes = try bytes("bytes")
            guard let bytes = spec["measure"]?["count_smaller_than"]?.integer ?? fromOption ?? fromBytes else {
                throw .missingOption(spec.path, "count_smaller_than")
            }
            measure = .countSmallerThan(bytes)
        case "date_gaps", "missing_days":
            guard let text = string("date_pattern") else { throw .missingOption(spec.path, "date_pattern") }
            guard let pattern = DatePattern(text) else { throw .invalidOption(spec.path, "date_pattern", text) }
            measure = name == "date_gaps" ? .dateGaps(pattern) : .missingDays(pattern)
        case "cost":
            var prices = prices
            if let fixed = spec["fixed_monthly"] {
                prices.fixedMonthly = try S3Prices.sum(fixed, key: "metrics.\(spec.path).fixed_monthly") { value, key throws(S3Error) in
                    guard let number = value.double, number.isFinite, number >= 0 else { throw .invalidOption(spec.path, "fixed_monthly", value.string ?? "") }
                    return number
                }
            }
            measure = .cost(prices, precision: precision)
        default: throw .invalidOption(spec.path, "measure", name)
        }
    }
}

/// Which objects of a listing a metric counts: `min_size` and `max_size` are inclusive.
struct S3Filter: Hashable, Sendable {
    var prefix: String
    var suffix: String?
    var minSize: Int64?
    var maxSize: Int64?

    func matches(_ object: S3Object) -> Bool {
        if !prefix.isEmpty, !object.key.utf8.starts(with: prefix.utf8) { return false }
        if let suffix, !object.key.utf8.reversed().starts(with: suffix.utf8.reversed()) { return false }
        if let minSize, object.size < minSize { return false }
        if let maxSize, object.size > maxSize { return false }
        return true
    }
}

/// What a metric computes over the objects it counts.
enum S3Measure: Hashable, Sendable {
    /// `count`: the number of objects, an integer.
    case count
    /// `size`: total bytes, an integer; a float in `unit` when a unit or a precision is given.
    case size(unit: SizeUnit?, precision: Int?)
    /// `avg_size`: mean bytes per object (in `unit`), a float with 2 decimals unless `precision` says otherwise.
    case averageSize(unit: SizeUnit?, precision: Int?)
    /// `count_smaller_than`: the number of objects of fewer bytes than the threshold.
    case countSmallerThan(Int64)
    /// `newest_age_hours`: hours since the newest `LastModified`, a float (2 decimals by default).
    case newestAgeHours(precision: Int?)
    /// `oldest_age_days`: days since the oldest `LastModified`, a float (2 decimals by default).
    case oldestAgeDays(precision: Int?)
    /// `newest_age` / `oldest_age`: the time since the newest or oldest `LastModified`, in whole units (`days` by default) for an integer metric.
    case age(S3Age)
    /// `date_gaps`: how many times consecutive distinct dates found in key names are more than a day apart.
    case dateGaps(DatePattern)
    /// `missing_days`: the days missing between consecutive distinct dates found in key names.
    case missingDays(DatePattern)
    /// `cost`: dollars a month to store the objects (each at its storage class's price per GB-month), plus fixed
    /// monthly costs; a float with 2 decimals unless `precision` says otherwise.
    case cost(S3Prices, precision: Int?)
}

extension S3Measure {
    /// Whether the value is a sum over objects, so that it splits into parts by prefix.
    var addsUp: Bool {
        switch self {
        case .count, .countSmallerThan, .size, .cost: true
        case .averageSize, .newestAgeHours, .oldestAgeDays, .age, .dateGaps, .missingDays: false
        }
    }
}

/// The age of the newest or oldest object, in a unit of `seconds`: whole units (rounded down, as `$(( … / 86400 ))` divides) or a float.
struct S3Age: Hashable, Sendable {
    var newest: Bool
    var seconds: Int64
    var whole: Bool
    var precision: Int?

    /// The age at `now` of an object last modified at `modified` (seconds since 1970).
    func value(now: Timestamp, modified: Int64) -> Value {
        let elapsed = Int64(now.seconds.rounded(.down)) - modified
        if whole { return .integer(elapsed / seconds) }
        return .float(Value.round((now.seconds - Double(modified)) / Double(seconds), precision: precision ?? 2))
    }
}

/// A unit of size; `KB`, `MB`, `GB` and `TB` are powers of 1024, as the original one-liners divided.
enum SizeUnit: Int64, Hashable, Sendable {
    case bytes = 1
    case kilobytes = 1024
    case megabytes = 1_048_576
    case gigabytes = 1_073_741_824
    case terabytes = 1_099_511_627_776

    init?(_ text: String) {
        switch text.uppercased() {
        case "B", "BYTES": self = .bytes
        case "KB", "KIB": self = .kilobytes
        case "MB", "MIB": self = .megabytes
        case "GB", "GIB": self = .gigabytes
        case "TB", "TIB": self = .terabytes
        default: return nil
        }
    }
}
