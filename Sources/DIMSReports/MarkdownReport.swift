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

    private static func tableRow(_ row: InventoryReport.Row) -> String {
        let cells = [
            row.metric.rawValue,
            row.description,
            row.value.map(NumberText.display) ?? "—",
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
