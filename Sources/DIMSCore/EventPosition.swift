/// Where an event stands in time order: its observed time, then its seq among events observed at the same time.
///
/// Projections take "latest" as the greatest position, not the last appended, so imported history never
/// overrides a newer reading and the state as of a time does not depend on the order events arrived in.
public struct EventPosition: Hashable, Comparable, Sendable {
    public var observed: Timestamp
    public var seq: UInt64

    public init(observed: Timestamp, seq: UInt64) {
        self.observed = observed
        self.seq = seq
    }

    public static func < (lhs: EventPosition, rhs: EventPosition) -> Bool {
        (lhs.observed, lhs.seq) < (rhs.observed, rhs.seq)
    }
}

/// Something that happened at an event's position: an event, or a record a projection keeps of one.
public protocol EventPositioned {
    var observed: Timestamp { get }
    var seq: UInt64 { get }
}

extension EventPositioned {
    /// The observed time and seq, compared in that order.
    public var position: EventPosition { EventPosition(observed: observed, seq: seq) }

    /// Whether this comes after `other` in position order; anything comes after nothing.
    public func isAfter<Other: EventPositioned>(_ other: Other?) -> Bool {
        guard let other else { return true }
        return position > other.position
    }
}

extension Sequence where Element: EventPositioned {
    /// The elements in position order.
    public func sortedByPosition() -> [Element] {
        sorted { $0.position < $1.position }
    }
}

extension MutableCollection where Self: RandomAccessCollection, Element: EventPositioned {
    /// Sorts the elements in position order.
    public mutating func sortByPosition() {
        sort { $0.position < $1.position }
    }
}
