public import DIMSCore

/// A file format of `dims generate`.
public enum ReportFormat: String, CaseIterable, Sendable {
    case markdown, json, html, jupyter

    /// The file the report is written to in `inventory/outputs/`.
    public var fileName: String {
        switch self {
        case .markdown: "metrics_report.md"
        case .json: "metrics_report.json"
        case .html: "metrics_report.html"
        case .jupyter: "metrics_report.ipynb"
        }
    }

    /// The report as the text of this format's file.
    public static func render(_ report: InventoryReport, as format: ReportFormat) -> String {
        switch format {
        case .markdown: MarkdownReport.render(report)
        case .json: JSONReport.render(report)
        case .html: HTMLReport.render(report)
        case .jupyter: JupyterReport.render(report)
        }
    }

    /// The report as the text of this format's file.
    public func render(_ report: InventoryReport) -> String {
        Self.render(report, as: self)
    }
}
