public import DIMSCore

/// What S3 storage costs a month: a price per GB-month for each storage class, and fixed monthly costs
/// (requests, other services) that a cost metric adds. The config's `costs:` section.
///
/// ```yaml
/// costs:
///   storage_gb_month: {STANDARD: 0.021, STANDARD_IA: 0.0125}   # overrides of the defaults below
///   fixed_monthly: 29                                          # or named amounts, summed: {requests: 5, rds: 24}
/// ```
public struct S3Prices: Hashable, Sendable {
    /// Dollars per GB-month (GB of 1024³ bytes, as AWS bills), by storage class name.
    public var perGBMonth: [String: Double]
    /// Dollars a month a cost metric adds, unless the metric gives its own `fixed_monthly`.
    public var fixedMonthly: Double

    /// AWS's public list prices for S3 storage in US East (N. Virginia), the first 50 TB a month tier, as published on
    /// https://aws.amazon.com/s3/pricing/ on `defaultsDate`. Intelligent-Tiering is priced at its frequent access tier.
    /// Checked against AWS's S3 FAQ (its worked example bills Express One Zone at $0.11 per GB-month in US East) and
    /// against transcriptions of the pricing page dated 2025 to 2026, which give the same figures; Reduced Redundancy
    /// is a legacy class no longer on the page, kept at its last listed price.
    public static let defaults: [String: Double] = [
        "STANDARD": 0.023, "REDUCED_REDUNDANCY": 0.024, "INTELLIGENT_TIERING": 0.023, "STANDARD_IA": 0.0125, "ONEZONE_IA": 0.01,
        "GLACIER_IR": 0.004, "GLACIER": 0.0036, "DEEP_ARCHIVE": 0.00099, "EXPRESS_ONEZONE": 0.11,
    ]
    public static let defaultsDate = "2025-10-01"
    public static let defaultsRegion = "us-east-1"

    public init(perGBMonth: [String: Double] = S3Prices.defaults, fixedMonthly: Double = 0) {
        self.perGBMonth = perGBMonth
        self.fixedMonthly = fixedMonthly
    }

    /// The prices of a `costs:` section (nil: the defaults); a price or amount that is not a number of 0 or more is an error naming it.
    public init(config: ConfigValue?) throws(S3Error) {
        self.init()
        guard let config else { return }
        guard config.entries != nil || config == .null else {
            throw S3Error(code: .invalidOption, message: "The config's 'costs' must be a map")
        }
        func amount(_ value: ConfigValue, _ key: String) throws(S3Error) -> Double {
            guard let number = value.double, number.isFinite, number >= 0 else {
                throw S3Error(code: .invalidOption, message: "'\(key)' must be an amount of 0 or more, not '\(value.string ?? "a list or map")'")
            }
            return number
        }
        if let prices = config["storage_gb_month"] {
            guard let entries = prices.entries else {
                throw S3Error(code: .invalidOption, message: "'costs.storage_gb_month' must be a map of storage class to price per GB-month")
            }
            for (name, value) in entries { perGBMonth[name.uppercased()] = try amount(value, "costs.storage_gb_month.\(name)") }
        }
        if let fixed = config["fixed_monthly"] {
            fixedMonthly = try Self.sum(fixed, key: "costs.fixed_monthly", amount)
        }
    }

    /// A number, or a map of named numbers summed.
    static func sum(_ value: ConfigValue, key: String, _ amount: (ConfigValue, String) throws(S3Error) -> Double) throws(S3Error) -> Double {
        guard let entries = value.entries else { return try amount(value, key) }
        var total = 0.0
        for (name, item) in entries { total += try amount(item, "\(key).\(name)") }
        return total
    }

    /// The price of a storage class, or nil when neither the defaults nor the config know it.
    public func price(of storageClass: S3StorageClass) -> Double? { perGBMonth[storageClass.description] }
}
