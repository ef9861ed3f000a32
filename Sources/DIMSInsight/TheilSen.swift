/// A line fitted through points by the Theil–Sen estimator: the median of the slopes between every pair of points.
///
/// Resistant to one-off jumps: up to about 29 % of the points can be arbitrarily wrong before the slope moves.
/// It computes what `scipy.stats.theilslopes(y, x, method="separate")` computes: the intercept is
/// `median(y) - slope * median(x)`, and the slope's confidence interval follows Sen (1968), equation 2.6,
/// with ties in `x` and `y` taken into account.
public struct TheilSen: Hashable, Sendable {
    public var slope: Double
    public var intercept: Double
    /// The slope's two-sided 95 % confidence interval.
    public var lowSlope: Double
    public var highSlope: Double

    /// Fits `y` against `x`; nil when fewer than two distinct `x` exist, or the counts differ.
    public init?(x: [Double], y: [Double]) {
        guard x.count == y.count, x.count >= 2 else { return nil }
        var slopes: [Double] = []
        slopes.reserveCapacity(x.count * (x.count - 1) / 2)
        for i in 0..<x.count {
            for j in 0..<x.count where x[i] > x[j] {
                slopes.append((y[i] - y[j]) / (x[i] - x[j]))
            }
        }
        guard !slopes.isEmpty else { return nil }
        slopes.sort()
        guard let slope = Statistics.median(sorted: slopes), let medianY = Statistics.median(y), let medianX = Statistics.median(x) else { return nil }
        self.slope = slope
        intercept = medianY - slope * medianX

        let n = Double(y.count)
        func ties(_ values: [Double]) -> Double {
            Statistics.tieGroups(values).reduce(0) { sum, k in let k = Double(k); return sum + k * (k - 1) * (2 * k + 5) }
        }
        let variance = (n * (n - 1) * (2 * n + 5) - ties(x) - ties(y)) / 18
        let sigma = variance > 0 ? variance.squareRoot() : 0
        let count = Double(slopes.count)
        let upper = min(Int(((count + Statistics.z95 * sigma) / 2).rounded(.toNearestOrEven)), slopes.count - 1)
        let lower = max(Int(((count - Statistics.z95 * sigma) / 2).rounded(.toNearestOrEven)) - 1, 0)
        lowSlope = slopes[min(max(lower, 0), slopes.count - 1)]
        highSlope = slopes[max(min(upper, slopes.count - 1), 0)]
    }

    /// The line's value at `x`.
    public func value(at x: Double) -> Double { intercept + slope * x }
}
