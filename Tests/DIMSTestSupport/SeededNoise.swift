import Foundation

/// Reproducible random numbers for generated test data: a linear congruential generator (Knuth's MMIX constants).
public struct SeededNoise: Sendable {
    var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A uniform value in [0, 1).
    public mutating func uniform() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) / Double(UInt64(1) << 53)
    }

    /// A standard normal value (Box–Muller).
    public mutating func normal() -> Double {
        let u = max(uniform(), 1e-12), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
