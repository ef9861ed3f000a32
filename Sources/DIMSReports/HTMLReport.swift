import DIMSCore

/// The HTML report: one self-contained page with inline CSS and an inline SVG trend chart per metric.
enum HTMLReport {
    static func render(_ report: InventoryReport) -> String {
        let title = HTMLText.escape(report.title)
        var html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title)</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        <header>
        <h1>\(title)</h1>
        <p class="meta">Generated \(report.generated.iso8601) · Root <code>\(HTMLText.escape(report.root))</code></p>
        \(summary(ReportSummary(report)))
        </header>
        <main>

        """
        for group in InventoryReport.Row.grouped(report.rows) {
            html += "<section>\n<h2>\(HTMLText.escape(group.category))</h2>\n<table>\n"
            html += "<thead><tr><th>Metric</th><th>Value</th><th>Baseline</th><th>Change</th><th>Status</th>"
            html += "<th>Severity</th><th>Trend</th></tr></thead>\n<tbody>\n"
            for row in group.rows { html += tableRow(row) + "\n" }
            html += "</tbody>\n</table>\n</section>\n"
        }
        if let note = MarkdownReport.backfilledNote(report) {
            html += "<p class=\"muted\">\(HTMLText.escape(note))</p>\n"
        }
        let failed = report.rows.filter { $0.verdict.errorReason != nil }
        if !failed.isEmpty {
            html += "<section class=\"errors\">\n<h2>Errors</h2>\n<ul>\n"
            for row in failed {
                html += "<li><code>\(HTMLText.escape(row.metric.rawValue))</code>: \(HTMLText.escape(row.verdict.errorReason ?? ""))</li>\n"
            }
            html += "</ul>\n</section>\n"
        }
        if !report.approvals.isEmpty {
            html += "<section class=\"approvals\">\n<h2>Pending approvals</h2>\n<table>\n<thead><tr>"
            html += ApprovalRows.headings.map { "<th>\(HTMLText.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            for row in ApprovalRows(report.approvals).rows {
                html += "<tr>" + row.map { "<td>\(HTMLText.escape($0))</td>" }.joined() + "</tr>\n"
            }
            html += "</tbody>\n</table>\n</section>\n"
        }
        if !report.recommendations.isEmpty {
            html += "<section class=\"recommendations\">\n<h2>Recommendations</h2>\n<ul>\n"
            for item in report.recommendations {
                html += "<li><strong>\(HTMLText.escape(item.rule.rawValue))</strong>: \(HTMLText.escape(item.message))</li>\n"
            }
            html += "</ul>\n</section>\n"
        }
        return html + "</main>\n</body>\n</html>\n"
    }

    private static func summary(_ summary: ReportSummary) -> String {
        var badges = ["<span class=\"badge ok\">\(summary.ok)/\(summary.total) OK</span>"]
        badges.append("<span class=\"badge \(summary.drifted > 0 ? "warn" : "none")\">\(summary.drifted) drifted</span>")
        let errors = "\(summary.errors) \(summary.errors == 1 ? "error" : "errors")"
        badges.append("<span class=\"badge \(summary.errors > 0 ? "error" : "none")\">\(errors)</span>")
        badges.append("<span class=\"badge \(summary.new > 0 ? "new" : "none")\">\(summary.new) new</span>")
        return "<div class=\"summary\">" + badges.joined(separator: " ") + "</div>"
    }

    private static func tableRow(_ row: InventoryReport.Row) -> String {
        let style = statusClass(row.verdict)
        var metric = "<strong>\(HTMLText.escape(row.metric.name))</strong>"
        if !row.description.isEmpty { metric += "<div class=\"desc\">\(HTMLText.escape(row.description))</div>" }
        if let reason = row.verdict.errorReason { metric += "<div class=\"reason\">\(HTMLText.escape(reason))</div>" }
        let cells = [
            metric,
            HTMLText.escape((row.value.map(NumberText.display) ?? "—") + (row.valueBackfilled ? " (backfilled)" : "")),
            HTMLText.escape(row.baseline.map(NumberText.display) ?? "—"),
            HTMLText.escape(row.changeText ?? (row.verdict == .changed ? "changed" : "—")),
            "<span class=\"status\">\(statusLabel(row.verdict))</span>",
            row.severity.description,
            TrendChart.svg(row.series, label: row.metric.rawValue),
        ]
        return "<tr class=\"\(style)\">" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>"
    }

    /// The CSS class of a status: `ok`, `warn` (minor, moderate), `severe` (major, critical, changed), `error`, `new`.
    static func statusClass(_ verdict: Verdict) -> String {
        switch verdict {
        case .ok: "ok"
        case .drifted(let level, _, _): level >= .major ? "severe" : "warn"
        case .changed: "severe"
        case .new: "new"
        case .error: "error"
        }
    }

    private static func statusLabel(_ verdict: Verdict) -> String {
        switch verdict {
        case .ok: "OK"
        case .drifted(let level, _, _): "\(level.title) drift"
        case .changed: "Changed"
        case .new: "New"
        case .error: "Error"
        }
    }

    private static let style = """
    :root { --ok: #1a7f37; --warn: #b7791f; --severe: #c53030; --error: #6b7280; --new: #2563eb; }
    body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem; color: #1f2937; background: #f9fafb; }
    h1 { margin-bottom: 0.25rem; }
    .meta { color: #6b7280; margin-top: 0; }
    .summary { margin: 1rem 0 2rem; }
    .badge { display: inline-block; padding: 0.25rem 0.75rem; border-radius: 999px; color: #fff; font-weight: 600; }
    .badge.ok { background: var(--ok); } .badge.warn { background: var(--warn); } .badge.error { background: var(--severe); }
    .badge.new { background: var(--new); } .badge.none { background: #d1d5db; color: #374151; }
    table { border-collapse: collapse; width: 100%; background: #fff; margin-bottom: 2rem; table-layout: fixed; }
    th:nth-child(1) { width: 22%; } th:nth-child(2), th:nth-child(3) { width: 10%; } th:nth-child(4) { width: 13%; }
    th:nth-child(5) { width: 11%; } th:nth-child(6) { width: 8%; } th:nth-child(7) { width: 26%; }
    td { overflow-wrap: anywhere; }
    th, td { text-align: left; padding: 0.5rem; border-bottom: 1px solid #e5e7eb; vertical-align: middle; }
    .desc { color: #6b7280; font-size: 0.85rem; }
    .reason { color: var(--severe); font-size: 0.85rem; }
    .status { font-weight: 600; }
    tr.ok .status, tr.ok .trend { color: var(--ok); }
    tr.warn .status, tr.warn .trend { color: var(--warn); }
    tr.severe .status, tr.severe .trend { color: var(--severe); }
    tr.error { background: #f3f4f6; } tr.error .status { color: var(--severe); } tr.error .trend { color: var(--error); }
    tr.new .status, tr.new .trend { color: var(--new); }
    .trend { overflow: visible; } .trend text { font-size: 9px; fill: #6b7280; }
    .muted { color: #9ca3af; font-size: 0.85rem; }
    .errors li { margin-bottom: 0.25rem; }
    """
}
