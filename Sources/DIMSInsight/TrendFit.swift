import DIMSCore
import Foundation

/// How a metric grows: by a fixed amount a day, or by a fixed share of itself a day.
public enum GrowthModel: String, Hashable, Sendable, Codable {
    case linear, exponential
}

/// A robust trend through a daily series: a Theil–Sen line over the values (linear) or over their logarithms
/// (exponential), with how well it explains the series and how far the series strays from it.
public struct TrendFit: Hashable, Sendable {
    public var model: GrowthModel
    /// The line over `x` (days since `origin`); over the natural logarithm of the values when exponential.
    public var line: TheilSen
    /// The day `x = 0` stands for.
    public var origin: Int32
    /// The share of the series' variation the trend explains (1 − SS_res / SS_tot, in the values' own units);
    /// 1 for a series that does not vary and a trend that meets every point.
    public var rSquared: Double
    /// The residuals' standard deviation (n − 2 degrees of freedom), in the space the line is fitted in.
    public var residualSD: Double
    /// The mean of `x`: the interval widens with the distance from it.
    public var meanX: Double
    public var count: Int

    /// The exponential model is chosen only when it leaves at most this share of the linear model's squared residuals:
    /// a straight series must not be read as compounding growth by a hair's difference.
    public static let exponentialAdvantage = 0.75

    /// The better of the two models for `series` (at least two days); nil when the series has fewer than two days.
    public init?(_ series: [DailyValue]) {
        guard series.count >= 2, let origin = series.first?.day.daysSince1970 else { return nil }
        let x = series.map { Double($0.day.daysSince1970 - origin) }
        let y = series.map(\.value)
        guard let linear = Self.fit(.linear, x: x, y: y, origin: origin) else { return nil }
        if y.allSatisfy({ $0 > 0 }), let exponential = Self.fit(.exponential, x: x, y: y, origin: origin),
           exponential.squaredResiduals < Self.exponentialAdvantage * linear.squaredResiduals {
            self = exponential.fit
        } else {
            self = linear.fit
        }
    }

    init(model: GrowthModel, line: TheilSen, origin: Int32, rSquared: Double, residualSD: Double, meanX: Double, count: Int) {
        self.model = model
        self.line = line
        self.origin = origin
        self.rSquared = rSquared
        self.residualSD = residualSD
        self.meanX = meanX
        self.count = count
    }

    private static func fit(_ model: GrowthModel, x: [Double], y: [Double], origin: Int32) -> (fit: TrendFit, squaredResiduals: Double)? {
        let fitted = model == .linear ? y : y.map { Foundation.log($0) }
        guard let line = TheilSen(x: x, y: fitted) else { return nil }
        let meanY = y.reduce(0, +) / Double(y.count)
        var squared = 0.0, total = 0.0, ownSpace = 0.0
        for (xi, yi) in zip(x, y) {
            let estimate = model == .linear ? line.value(at: xi) : Foundation.exp(line.value(at: xi))
            squared += (yi - estimate) * (yi - estimate)
            total += (yi - meanY) * (yi - meanY)
            let own = (model == .linear ? yi : Foundation.log(yi)) - line.value(at: xi)
            ownSpace += own * own
        }
        let rSquared = total > 0 ? 1 - squared / total : (squared == 0 ? 1 : 0)
        let residualSD = y.count > 2 ? (ownSpace / Double(y.count - 2)).squareRoot() : 0
        let fit = TrendFit(model: model, line: line, origin: origin, rSquared: rSquared, residualSD: residualSD,
                           meanX: x.reduce(0, +) / Double(x.count), count: y.count)
        return (fit, squared)
    }

    func x(_ day: Int32) -> Double { Double(day - origin) }

    /// The trend's value on `day`.
    public func value(on day: Int32) -> Double {
        let v = line.value(at: x(day))
        return model == .linear ? v : Foundation.exp(v)
    }

    /// The trend's value on `day` with a 95 % interval: the residuals' spread, and the slope's own uncertainty
    /// growing with the distance from the middle of the series.
    public func interval(on day: Int32) -> (low: Double, value: Double, high: Double) {
        let noise = Statistics.z95 * residualSD * (1 + 1 / Double(count)).squareRoot()
        let slopeSpread = max(line.highSlope - line.slope, line.slope - line.lowSlope) * abs(x(day) - meanX)
        let half = (noise * noise + slopeSpread * slopeSpread).squareRoot()
        let center = line.value(at: x(day))
        switch model {
        case .linear: return (center - half, center, center + half)
        case .exponential: return (Foundation.exp(center - half), Foundation.exp(center), Foundation.exp(center + half))
        }
    }

    /// The first day on or after `after` the trend reaches `level` (from below when growing, from above when
    /// falling); nil when it moves away from it or stays flat.
    public func day(reaching level: Double, after: Int32) -> Int32? {
        let target: Double
        switch model {
        case .linear: target = level
        case .exponential:
            guard level > 0 else { return nil }
            target = Foundation.log(level)
        }
        let start = line.value(at: x(after))
        guard line.slope != 0, (target - start) / line.slope >= 0 else { return nil }
        let days = ((target - line.intercept) / line.slope).rounded(.up)
        guard days.isFinite, days < Double(Int32.max / 2) else { return nil }
        return max(after, origin + Int32(days))
    }
}
