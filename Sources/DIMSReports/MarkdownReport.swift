import DIMSCore

/// The Markdown report: a summary, one table per category, and the errors with their reasons.
enum MarkdownReport {
    static func render(_ report: InventoryReport) -> String {
        var lines = [
            "# \(escape(report.title))",
            "",
            "Generated: \(report.generated.iso8601)",
            "",
            "Root: \(escape(report.root))",
            "",
            "**Summary:** \(ReportSummary(report).text)",
        ]
        for group in InventoryReport.Row.grouped(report.rows) {
            lines += ["", "## \(escape(group.category))", ""]
            lines.append("| Metric | Description | Value | Baseline | Change | Status | Severity |")
            lines.append("| --- | --- | --- | --- | --- | --- | --- |")
            for row in group.rows { lines.append(tableRow(row)) }
        }
        if let note = backfilledNote(report) { lines += ["", note] }
        let failed = report.rows.compactMap { row in row.verdict.errorReason.map { (row.metric, $0) } }
        if !failed.isEmpty {
            lines += ["", "## Errors", ""]
            for (metric, reason) in failed { lines.append("- **\(escape(metric.rawValue))**: \(escape(reason))") }
        }
        if !report.approvals.isEmpty {
            lines += ["", "## Pending approvals", ""]
            lines.append("| " + ApprovalRows.headings.joined(separator: " | ") + " |")
            lines.append("|" + String(repeating: " --- |", count: ApprovalRows.headings.count))
            for row in ApprovalRows(report.approvals).rows { lines.append("| " + row.map(escape).joined(separator: " | ") + " |") }
        }
        if !report.recommendations.isEmpty {
            lines += ["", "## Recommendations", ""]
            for item in report.recommendations { lines.append("- **\(item.rule.rawValue)**: \(escape(item.message))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The line that says how many points of the series `dims backfill` measured at past commits, or nil when none.
    static func backfilledNote(_ report: InventoryReport) -> String? {
        let points = report.rows.reduce(0) { $0 + $1.backfilled.count }
        let values = report.rows.filter(\.valueBackfilled).count
        guard points > 0 || values > 0 else { return nil }
        let metrics = report.rows.filter { !$0.backfilled.isEmpty || $0.valueBackfilled }.count
        return "Backfilled from git: \(points) \(points == 1 ? "point" : "points") of the series of \(metrics) "
            + "\(metrics == 1 ? "metric" : "metrics") were measured at past commits by dims backfill"
            + (values > 0 ? "; values marked (backfilled) are such readings" : "")
    }

    private static func tableRow(_ row: InventoryReport.Row) -> String {
        let cells = [
            row.metric.rawValue,
            row.description,
            (row.value.map(NumberText.display) ?? "—") + (row.valueBackfilled ? " (backfilled)" : ""),
            row.baseline.map(NumberText.display) ?? "—",
            row.changeText ?? (row.verdict == .changed ? "changed" : "—"),
            status(row),
            row.severity.description,
        ]
        return "| " + cells.map(escape).joined(separator: " | ") + " |"
    }

    /// The status cell: `✅ OK`, `⚠️ Minor drift`, `❌ Major drift`, `⚠️ Changed`, `🆕 New`, `❌ Error`.
    static func status(_ row: InventoryReport.Row) -> String {
        switch row.verdict {
        case .ok: "✅ OK"
        case .drifted(let level, _, _): "\(row.isSevere ? "❌" : "⚠️") \(level.title) drift"
        case .changed: "⚠️ Changed"
        case .new: "🆕 New"
        case .error: "❌ Error"
        }
    }

    /// Text made safe for a table cell: pipes, brackets and backslashes escaped (no link or image can form), line
    /// breaks as `<br>`, `&`, `<` and `>` as entities, other control characters shown.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in ControlText.escaped(text, keeping: ["\n", "\r"]) {
            switch character {
            case "|": out += "\\|"
            case "[": out += "\\["
            case "]": out += "\\]"
            case "\\": out += "\\\\"
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\r\n", "\n", "\r": out += "<br>"
            default: out.append(character)
            }
        }
        return out
    }
}
