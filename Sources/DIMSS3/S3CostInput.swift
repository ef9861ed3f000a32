public import DIMSCore

/// How a cost metric follows from a size metric of the same listing, so that its history exists for the days before
/// its first reading: each day's size at the price per GB of the first day that has both readings (the storage
/// classes' mix then), or at the STANDARD price when no day has both, plus the fixed monthly costs.
public struct S3CostInput: Hashable, Sendable {
    /// The size metric: same bucket, prefix or prefixes, suffix and size bounds as the cost metric.
    public var size: MetricPath
    /// GB (1024³ bytes, as AWS bills) per unit of the size metric's value.
    public var gigabytesPerUnit: Double
    public var fixedMonthly: Double
    /// Dollars per GB-month of STANDARD storage.
    public var standardPrice: Double

    /// The input of `cost` among `specs`, with the config's `costs:` section; nil when `cost` is not an S3 cost metric
    /// or no enabled size metric lists the same objects.
    public init?(cost: MetricSpec, among specs: [MetricSpec], costs: ConfigValue?) {
        let prices = (try? S3Prices(config: costs)) ?? S3Prices()
        guard cost.source == .s3, let query = try? S3Query(cost, prices: prices), case .cost(let own, _) = query.measure else { return nil }
        for spec in specs where spec.source == .s3 && spec.enabled && spec.path != cost.path && spec["prefixes"] == cost["prefixes"] {
            guard let other = try? S3Query(spec), case .size(let unit, _) = other.measure, other.bucket == query.bucket,
                  other.filter == query.filter else { continue }
            size = spec.path
            gigabytesPerUnit = Double((unit ?? .bytes).rawValue) / Double(SizeUnit.gigabytes.rawValue)
            fixedMonthly = own.fixedMonthly
            standardPrice = own.price(of: .standard) ?? S3Prices.defaults["STANDARD"] ?? 0
            return
        }
        return nil
    }

    /// The cost a size implies, at the price per GB of `calibration` (a day's cost and size readings) when it gives
    /// one, else at the STANDARD price.
    public func cost(ofSize value: Double, calibration: (cost: Double, size: Double)? = nil) -> Double {
        var price = standardPrice
        if let calibration, calibration.size > 0, calibration.cost >= fixedMonthly {
            price = (calibration.cost - fixedMonthly) / (calibration.size * gigabytesPerUnit)
        }
        return fixedMonthly + value * gigabytesPerUnit * price
    }
}
