public import DIMSCore
public import DIMSInsight

extension TerminalFormat {
    /// The output of `explain`: the change since `then` and the parts that made it, which add up to it.
    ///
    /// `s3_storage.total_objects: +1,203 since 2025-10-15 (171,523 → 172,726): espn_play_by_play/ +1,150, espn_schedules/ +53`
    public static func explain(_ attribution: Attribution, then: Timestamp, now: Timestamp) -> String {
        let name = escaped(attribution.metric.rawValue)
        let head = "\(name): \(Figure.signed(attribution.change)) since \(then.day) (\(Figure.text(attribution.thenTotal)) → \(Figure.text(attribution.nowTotal)))"
        var items = attribution.moves.map { "\(escaped($0.name)) \(Figure.signed($0.change))" }
        if attribution.restChange != 0 { items.append("other parts \(Figure.signed(attribution.restChange))") }
        guard !items.isEmpty else { return head + ": no part moved\n" }
        var lines = [head + ": " + items.prefix(5).joined(separator: ", ") + (items.count > 5 ? ", ..." : "")]
        lines.append("")
        let width = max(12, attribution.moves.map { escaped($0.name).count }.max() ?? 0)
        for move in attribution.moves {
            let label = escaped(move.name)
            lines.append("  " + label + String(repeating: " ", count: max(1, width - label.count + 2))
                         + "\(Figure.text(move.then)) → \(Figure.text(move.now))  \(Figure.signed(move.change))")
        }
        if attribution.restChange != 0 {
            lines.append("  " + "other parts" + String(repeating: " ", count: max(1, width - 9)) + Figure.signed(attribution.restChange))
        }
        lines.append("")
        lines.append("Breakdowns of the readings of \(then.iso8601) and \(now.iso8601); the parts add up to the change.")
        return lines.joined(separator: "\n") + "\n"
    }
}
