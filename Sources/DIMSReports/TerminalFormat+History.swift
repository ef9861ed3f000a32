public import DIMSCore

extension TerminalFormat {
    /// The output of `history`: a line per point with its change from the one before, then the trend over `days`.
    ///
    /// `2025-10-08: 170,891 (+2,459)` ... `Trend: +4,294 over 30 days (+2.5%)`; `No historical data` for no points.
    /// `backfilled` holds the seqs of points `dims backfill` measured at past commits; they are marked.
    public static func history(_ points: [Point], days: Int, backfilled: Set<UInt64> = [], derived: (seqs: Set<UInt64>, from: [MetricPath])? = nil) -> String {
        guard let first = points.first, let last = points.last else { return "No historical data\n" }
        var lines: [String] = []
        var changes = 0
        var previous: Value?
        for point in points {
            var line = "\(point.observed.day): \(value(point.value))"
            if let previous {
                if let now = point.value.number, let then = previous.number {
                    let delta = NumberText.signed(now - then, decimals: NumberText.decimals(point.value, previous))
                    line += now == then ? " (no change)" : " (\(delta))"
                } else if point.value != previous {
                    line += " (changed from \(value(previous)))"
                }
            }
            if let previous, previous != point.value { changes += 1 }
            if backfilled.contains(point.seq) { line += " · backfilled" }
            if let derived, derived.seqs.contains(point.seq) { line += " · derived from " + derived.from.map { escaped($0.rawValue) }.joined(separator: ", ") }
            lines.append(line)
            previous = point.value
        }
        lines += ["", trendLine(first: first.value, last: last.value, changes: changes, days: days)]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func trendLine(first: Value, last: Value, changes: Int, days: Int) -> String {
        let span = "over \(days) \(days == 1 ? "day" : "days")"
        guard let then = first.number, let now = last.number else {
            return changes == 0 ? "Trend: no change \(span)" : "Trend: \(changes) \(changes == 1 ? "change" : "changes") \(span)"
        }
        let delta = NumberText.signed(now - then, decimals: NumberText.decimals(first, last))
        guard then != 0 else { return "Trend: \(delta) \(span)" }
        return "Trend: \(delta) \(span) (\(NumberText.percent((now - then) / abs(then) * 100)))"
    }

    /// A unicode sparkline of `values`, one bar `▁▂▃▄▅▆▇█` per value; a flat series is all `▄`, a non-finite value a space.
    public static func sparkline(_ values: [Double]) -> String {
        let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return String(repeating: " ", count: values.count) }
        return String(values.map { number -> Character in
            guard number.isFinite else { return " " }
            guard high > low else { return "▄" }
            return bars[Int(((number - low) / (high - low) * 7).rounded())]
        })
    }

    /// A sparkline of a series' numeric values; strings and booleans are left out.
    public static func sparkline(of points: [Point]) -> String {
        sparkline(points.compactMap(\.value.number))
    }
}
