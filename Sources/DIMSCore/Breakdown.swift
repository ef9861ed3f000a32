import Foundation
import NIOConcurrencyHelpers

/// A reading's value split by top-level prefix or folder: the largest parts, and the rest, so that the parts and
/// the rest add up to the value. Recorded beside the reading (a `breakdownRecorded` event) by sources that see
/// every key or file (the S3 listing).
public struct Breakdown: Hashable, Sendable {
    /// One top-level prefix or folder (`espn_play_by_play/`) and its share of the value.
    public struct Part: Hashable, Sendable {
        public var name: String
        public var value: Double
        public init(name: String, value: Double) {
            self.name = name
            self.value = value
        }
    }

    public var metric: MetricPath
    /// The largest parts, largest first.
    public var parts: [Part]
    /// What the parts leave out.
    public var rest: Double

    public init(metric: MetricPath, parts: [Part], rest: Double) {
        self.metric = metric
        self.parts = parts
        self.rest = rest
    }

    /// The most parts a breakdown keeps; the others are summed into `rest`.
    public static let limit = 20

    /// The `limit` largest of `values` (by size, then name), the rest summed.
    public init(metric: MetricPath, values: [String: Double]) {
        let sorted = values.sorted { abs($0.value) != abs($1.value) ? abs($0.value) > abs($1.value) : $0.key < $1.key }
        self.init(metric: metric, parts: sorted.prefix(Self.limit).map { Part(name: $0.key, value: $0.value) },
                  rest: sorted.dropFirst(Self.limit).reduce(0) { $0 + $1.value })
    }

    /// The parts and the rest together.
    public var total: Double { parts.reduce(rest) { $0 + $1.value } }

    /// The value of the part `name`, nil when it is not among the kept parts.
    public func value(of name: String) -> Double? { parts.first { $0.name == name }?.value }
}

/// Where sources leave the breakdowns of a run's readings; safe to call from any thread.
public final class BreakdownSink: Sendable {
    private let recorded = NIOLockedValueBox<[MetricPath: Breakdown]>([:])

    public init() {}

    public func record(_ breakdown: Breakdown) {
        recorded.withLockedValue { $0[breakdown.metric] = breakdown }
    }

    /// The breakdown recorded for `metric`, if any.
    public func breakdown(of metric: MetricPath) -> Breakdown? {
        recorded.withLockedValue { $0[metric] }
    }
}
