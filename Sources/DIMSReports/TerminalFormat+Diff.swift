public import DIMSCore

/// One metric of `diff --since`: its value then (nil when it did not exist) and now (nil when it no longer does).
public struct DiffRow: Hashable, Sendable {
    public var metric: MetricPath
    public var then: Value?
    public var now: Value?

    public init(metric: MetricPath, then: Value?, now: Value?) {
        self.metric = metric
        self.then = then
        self.now = now
    }
}

extension TerminalFormat {
    /// The table of `diff`: metric, then, now, absolute change and % change, `n/a` where a value is missing.
    public static func diff(_ rows: [DiffRow]) -> String {
        guard !rows.isEmpty else { return "No metrics to compare\n" }
        let header = ["Metric", "Then", "Now", "Change", "% Change"]
        let table = [header] + rows.map(diffCells)
        let widths = (0..<header.count).map { column in table.map { $0[column].count }.max()! }
        let lines = table.map { cells in
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func diffCells(_ row: DiffRow) -> [String] {
        let then = row.then.map(value) ?? "n/a"
        let now = row.now.map(value) ?? "n/a"
        guard let old = row.then, let new = row.now else { return [row.metric.rawValue, then, now, "n/a", "n/a"] }
        guard let before = old.number, let after = new.number else {
            return [row.metric.rawValue, then, now, old == new ? "same" : "changed", "n/a"]
        }
        let change = NumberText.signed(after - before, decimals: NumberText.decimals(old, new))
        let percent = before == 0 ? "n/a" : NumberText.percent((after - before) / abs(before) * 100)
        return [row.metric.rawValue, then, now, change, percent]
    }
}
