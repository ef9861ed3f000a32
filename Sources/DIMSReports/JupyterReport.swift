import DIMSCore

/// The Jupyter report: an nbformat 4.5 notebook with the report's data, a plain-Python table and matplotlib trends.
enum JupyterReport {
    static func render(_ report: InventoryReport) -> String {
        let data = JSONReport.document(report).rendered(.python)
        var cells: [JSONValue] = [
            markdown("title", """
                # \(MarkdownReport.escape(report.title))

                Generated: \(report.generated.iso8601)

                Root: \(MarkdownReport.escape(report.root))

                **Summary:** \(ReportSummary(report).text)
                """),
            code("data", "# The report's data, with the same structure as metrics_report.json.\nreport = \(data)"),
            markdown("table-heading", "## Metrics"),
            code("table", tableCode),
            markdown("trends-heading", "## Trends"),
            code("trends", trendsCode),
        ]
        if !report.approvals.isEmpty {
            let rows = ApprovalRows(report.approvals).rows.map { "| " + $0.map(MarkdownReport.escape).joined(separator: " | ") + " |" }
            cells.append(markdown("approvals", (["## Pending approvals", "", "| " + ApprovalRows.headings.joined(separator: " | ") + " |",
                                                  "|" + String(repeating: " --- |", count: ApprovalRows.headings.count)] + rows).joined(separator: "\n")))
        }
        if !report.recommendations.isEmpty {
            let items = report.recommendations.map { "- **\($0.rule.rawValue)**: \(MarkdownReport.escape($0.message))" }
            cells.append(markdown("recommendations", (["## Recommendations", ""] + items).joined(separator: "\n")))
        }
        let notebook = JSONValue.object([
            "cells": .array(cells),
            "metadata": .object([
                "kernelspec": .object([
                    "display_name": .string("Python 3"),
                    "language": .string("python"),
                    "name": .string("python3"),
                ]),
                "language_info": .object([
                    "name": .string("python"),
                    "file_extension": .string(".py"),
                    "mimetype": .string("text/x-python"),
                ]),
            ]),
            "nbformat": .integer(4),
            "nbformat_minor": .integer(5),
        ])
        return notebook.rendered() + "\n"
    }

    private static func markdown(_ id: String, _ text: String) -> JSONValue {
        .object(["cell_type": .string("markdown"), "id": .string(id), "metadata": .object([:]), "source": lines(text)])
    }

    private static func code(_ id: String, _ text: String) -> JSONValue {
        .object([
            "cell_type": .string("code"), "id": .string(id), "metadata": .object([:]),
            "execution_count": .null, "outputs": .array([]), "source": lines(text),
        ])
    }

    /// A cell's source as nbformat keeps it: lines that end with a newline, except the last.
    private static func lines(_ text: String) -> JSONValue {
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false)
        return .array(parts.enumerated().map { index, line in
            .string(index < parts.count - 1 ? line + "\n" : String(line))
        })
    }

    static let tableCode = """
        def show(value):
            if value is None:
                return "-"
            if isinstance(value, bool):
                return str(value).lower()
            if isinstance(value, (int, float)):
                return f"{value:,}"
            return str(value)

        def change(metric):
            if metric["delta"] is None:
                return "changed" if metric["status"] == "changed" else "-"
            text = f"{metric['delta']:+,}"
            if metric["percent"] is not None:
                text += f" ({metric['percent']:+.1f}%)"
            return text

        headers = ("Metric", "Value", "Baseline", "Change", "Status", "Severity")
        rows = [
            (m["path"], show(m["value"]), show(m["baseline"]), change(m), m["status"], m["severity"])
            for m in report["metrics"]
        ]
        widths = [max(len(cell) for cell in column) for column in zip(headers, *rows)]
        for row in [headers] + rows:
            print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())

        summary = report["summary"]
        print()
        print(f"Summary: {summary['ok']}/{summary['total']} OK, {summary['drifted']} drifted, "
              f"{summary['errors']} errors, {summary['new']} new")
        for m in report["metrics"]:
            if m["error"] is not None:
                print(f"Error: {m['path']}: {m['error']}")
        """

    static let trendsCode = """
        import math
        from datetime import datetime

        import matplotlib.pyplot as plt

        def is_number(value):
            return isinstance(value, (int, float)) and not isinstance(value, bool)

        charted = [m for m in report["metrics"] if any(is_number(p["value"]) for p in m["series"])]
        if charted:
            columns = min(3, len(charted))
            grid_rows = math.ceil(len(charted) / columns)
            figure, axes = plt.subplots(grid_rows, columns, figsize=(5 * columns, 3 * grid_rows), squeeze=False)
            for axis, metric in zip(axes.flat, charted):
                points = [p for p in metric["series"] if is_number(p["value"])]
                times = [datetime.fromisoformat(p["time"].replace("Z", "+00:00")) for p in points]
                axis.plot(times, [p["value"] for p in points], marker="o")
                axis.set_title(metric["path"], fontsize=9)
                axis.tick_params(axis="x", labelrotation=45, labelsize=7)
            for axis in list(axes.flat)[len(charted):]:
                axis.axis("off")
            figure.tight_layout()
            plt.show()
        else:
            print("No numeric series to plot")
        """
}
