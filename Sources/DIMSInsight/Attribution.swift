public import DIMSCore

/// What moved a metric between two breakdowns: the change of each part, largest first, and what the kept parts
/// leave unexplained, so that the parts and the rest add up to the metric's change.
public struct Attribution: Hashable, Sendable {
    /// One part that moved.
    public struct Move: Hashable, Sendable {
        public var name: String
        public var then: Double
        public var now: Double
        public var change: Double { now - then }
    }

    public var metric: MetricPath
    public var thenTotal: Double
    public var nowTotal: Double
    public var change: Double { nowTotal - thenTotal }
    /// The parts whose value changed, largest change first.
    public var moves: [Move]
    /// The change of what no kept part accounts for on both sides (parts beyond `Breakdown.limit`).
    public var restChange: Double

    public init(then: Breakdown, now: Breakdown) {
        metric = now.metric
        thenTotal = then.total
        nowTotal = now.total
        /// A part not kept on one side is worth 0 there only when that side kept every part (nothing in its rest).
        func value(_ name: String, in breakdown: Breakdown) -> Double? {
            breakdown.value(of: name) ?? (breakdown.rest == 0 ? 0 : nil)
        }
        var names = now.parts.map(\.name)
        for part in then.parts where !names.contains(part.name) { names.append(part.name) }
        moves = names.compactMap { name in
            guard let a = value(name, in: then), let b = value(name, in: now), a != b else { return nil }
            return Move(name: name, then: a, now: b)
        }
        moves.sort { abs($0.change) != abs($1.change) ? abs($0.change) > abs($1.change) : $0.name < $1.name }
        restChange = (nowTotal - thenTotal) - moves.reduce(0) { $0 + $1.change }
        if abs(restChange) < 1e-9 * max(1, abs(nowTotal), abs(thenTotal)) { restChange = 0 }
    }
}
