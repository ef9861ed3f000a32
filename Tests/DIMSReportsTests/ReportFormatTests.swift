import DIMSCore
import DIMSReports
import Testing

struct ReportFormatTests {
    @Test func eachFormatHasItsFileName() {
        #expect(ReportFormat.allCases.map(\.fileName) == [
            "metrics_report.md", "metrics_report.json", "metrics_report.html", "metrics_report.ipynb", "dims.prom",
        ])
        #expect(ReportFormat.reports == [.markdown, .json, .html, .jupyter])
        #expect(ReportFormat(rawValue: "jupyter") == .jupyter)
    }

    @Test(arguments: [ReportFormat.markdown, .html, .jupyter])
    func textFormatsShowTheSummaryOfAnEmptyReport(format: ReportFormat) {
        #expect(ReportFormat.render(Fixture.report([]), as: format).contains("0/0 OK"))
    }

    @Test func jsonOfAnEmptyReportHasNoMetrics() {
        #expect(ReportFormat.json.render(Fixture.report([])).contains("\"metrics\": []"))
    }

    @Test func instanceRenderMatchesStaticRender() {
        for format in ReportFormat.allCases {
            #expect(format.render(Fixture.everything) == ReportFormat.render(Fixture.everything, as: format))
        }
    }
}
