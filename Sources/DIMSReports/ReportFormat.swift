public import DIMSCore

/// A file format of `dims generate`.
public enum ReportFormat: String, CaseIterable, Sendable {
    case markdown, json, html, jupyter
    /// Prometheus text (`dims serve`'s `/metrics`), for node_exporter's textfile collector; only when asked for.
    case prom

    /// The formats `dims generate` writes when none is named.
    public static let reports: [ReportFormat] = [.markdown, .json, .html, .jupyter]

    /// The file the report is written to in `inventory/outputs/`.
    public var fileName: String {
        switch self {
        case .markdown: "metrics_report.md"
        case .json: "metrics_report.json"
        case .html: "metrics_report.html"
        case .jupyter: "metrics_report.ipynb"
        case .prom: PrometheusText.fileName
        }
    }

    /// The report as the text of this format's file.
    public static func render(_ report: InventoryReport, as format: ReportFormat) -> String {
        switch format {
        case .markdown: MarkdownReport.render(report)
        case .json: JSONReport.render(report)
        case .html: HTMLReport.render(report)
        case .jupyter: JupyterReport.render(report)
        case .prom: PrometheusText.render(report, eventsByKind: report.eventsByKind)
        }
    }

    /// The report as the text of this format's file.
    public func render(_ report: InventoryReport) -> String {
        Self.render(report, as: self)
    }
}
