/// Small order statistics shared by the estimators.
enum Statistics {
    /// The median of `values` (the mean of the middle two for an even count), as numpy computes it; nil when empty.
    static func median(_ values: [Double]) -> Double? {
        median(sorted: values.sorted())
    }

    static func median(sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The standard normal quantile of 0.975: a two-sided 95 % interval is ±1.96 standard deviations.
    static let z95 = 1.959963984540054

    /// The sizes of the groups of equal values that hold more than one value (ties).
    static func tieGroups(_ values: [Double]) -> [Int] {
        var counts: [Double: Int] = [:]
        for value in values { counts[value, default: 0] += 1 }
        return counts.values.filter { $0 > 1 }
    }
}
