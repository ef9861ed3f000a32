public import DIMSCore

/// The text the workflow commands print: verify lines, summaries, history and diff tables.
public enum TerminalFormat {
    /// A value as the terminal shows it: grouped numbers (`172,726`, `118.26`), strings in single quotes, `true`/`false`.
    public static func value(_ value: Value) -> String {
        if case .string(let text) = value { return "'\(escaped(text))'" }
        return NumberText.display(value)
    }

    /// An integer with grouped thousands: `172,726`.
    public static func number(_ value: Int64) -> String {
        NumberText.grouped(value)
    }

    /// A float with grouped thousands and its shortest decimals: `1,118.26`.
    public static func number(_ value: Double) -> String {
        NumberText.grouped(value)
    }

    // MARK: - verify

    /// Everything `verify` prints: a line per metric (with severity and action lines after a drift), a blank line, the summary.
    public static func verify(_ report: InventoryReport, useColor: Bool = false) -> String {
        var lines = report.rows.flatMap { row in
            verifyLines(for: row, useColor: useColor) + awaitedLines(for: row, in: report, useColor: useColor)
        }
        lines += ["", summaryLine(ReportSummary(report))]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A metric's verify line, followed by its `Severity:` and `Action:` lines when it drifted or changed.
    public static func verifyLines(for row: InventoryReport.Row, useColor: Bool = false) -> [String] {
        var lines = [verifyLine(for: row, useColor: useColor)]
        if row.verdict.isDrift {
            lines.append(severityLine(for: row))
            lines.append("Action: \(action(for: row))")
        }
        return lines
    }

    /// A metric's verify line: `⚠️  code_base.python_files: 1,308 (drifted +3.2% from 1,268)`.
    public static func verifyLine(for row: InventoryReport.Row, useColor: Bool = false) -> String {
        let path = escaped(row.metric.rawValue)
        let shown = row.value.map(value) ?? "no value"
        let baseline = row.baseline.map(value) ?? "no baseline"
        switch row.verdict {
        case .ok:
            return ANSI.paint("✅ \(path): \(shown) (OK)", .green, useColor)
        case .drifted(_, let delta, let percent):
            let change = percent.map(NumberText.percent)
                ?? NumberText.signed(delta, decimals: NumberText.decimals(row.value, row.baseline))
            let line = "\(row.isSevere ? "❌" : "⚠️ ") \(path): \(shown) (drifted \(change) from \(baseline))"
            return ANSI.paint(line, row.isSevere ? .red : .yellow, useColor)
        case .changed:
            return ANSI.paint("⚠️  \(path): \(shown) (changed from \(baseline))", .yellow, useColor)
        case .new:
            return ANSI.paint("🆕 \(path): \(shown) (NEW, no baseline)", .blue, useColor)
        case .error(let reason):
            return ANSI.paint("❌ \(path): ERROR (\(escaped(reason)))", .red, useColor)
        }
    }

    /// `Severity: Medium (volatile metric, moderate drift)`, or `(stable metric, value changed)` for a changed value.
    public static func severityLine(for row: InventoryReport.Row) -> String {
        let what = row.verdict == .changed ? "value changed" : "\(row.verdict.level) drift"
        return "Severity: \(row.severity) (\(row.volatility.rawValue) metric, \(what))"
    }

    /// What to do about a drift, by volatility and severity; a drop adds a data-loss warning.
    public static func action(for row: InventoryReport.Row) -> String {
        guard case .drifted(_, let delta, _) = row.verdict else {
            return row.verdict == .changed ? "Review: the value differs from its baseline" : "None"
        }
        let negative = delta < 0
        let warning = "(negative drift: check for data loss)"
        switch (row.volatility, row.severity) {
        case (_, .critical): return "Investigate now: critical drift" + (negative ? " " + warning : "")
        case (.volatile, .high): return "Review: larger change than usual for a volatile metric" + (negative ? " " + warning : "")
        case (.volatile, _): return "No immediate action needed " + (negative ? warning : "(expected growth)")
        case (.stable, _): return "Investigate - stable code should not change this much" + (negative ? " " + warning : "")
        }
    }

    /// `Summary: 22/25 OK, 3 drifted`, with `, 1 error` and `, 2 new` when there are any.
    public static func summaryLine(_ summary: ReportSummary) -> String {
        var line = "Summary: \(summary.ok)/\(summary.total) OK, \(summary.drifted) drifted"
        if summary.errors > 0 { line += ", \(summary.errors) \(summary.errors == 1 ? "error" : "errors")" }
        if summary.new > 0 { line += ", \(summary.new) new" }
        return line
    }

    // MARK: - verify --quiet

    /// The one line of `verify --quiet`: `✅ All metrics OK (no drift)` or `⚠️  3 metrics drifted (a.b +5.2%, ...)`.
    ///
    /// The mark is ❌ when a measurement failed or a drift is of high or critical severity.
    public static func quietLine(_ report: InventoryReport, useColor: Bool = false) -> String {
        let drifted = report.rows.filter(\.verdict.isDrift)
        let failed = report.rows.filter { $0.verdict.errorReason != nil }
        let summary = ReportSummary(report)
        guard !drifted.isEmpty || !failed.isEmpty else {
            let new = summary.new > 0 ? ", \(summary.new) new" : ""
            return ANSI.paint("✅ All metrics OK (no drift\(new))", .green, useColor)
        }
        var parts: [String] = []
        if !drifted.isEmpty {
            let noun = drifted.count == 1 ? "metric" : "metrics"
            parts.append("\(drifted.count) \(noun) drifted (\(drifted.map(quietEntry).joined(separator: ", ")))")
        }
        if !failed.isEmpty {
            let noun = failed.count == 1 ? "error" : "errors"
            parts.append("\(failed.count) \(noun) (\(failed.map(\.metric.rawValue).joined(separator: ", ")))")
        }
        let severe = !failed.isEmpty || drifted.contains(where: \.isSevere)
        return ANSI.paint((severe ? "❌ " : "⚠️  ") + parts.joined(separator: ", "), severe ? .red : .yellow, useColor)
    }

    private static func quietEntry(_ row: InventoryReport.Row) -> String {
        guard case .drifted(_, let delta, let percent) = row.verdict else { return "\(row.metric) changed" }
        let change = percent.map(NumberText.percent)
            ?? NumberText.signed(delta, decimals: NumberText.decimals(row.value, row.baseline))
        return "\(row.metric) \(change)"
    }
}
