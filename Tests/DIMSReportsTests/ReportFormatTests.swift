import DIMSCore
import DIMSReports
import Testing

struct ReportFormatTests {
    @Test func eachFormatHasItsFileName() {
        #expect(ReportFormat.allCases.map(\.fileName) == [
            "metrics_report.md", "metrics_report.json", "metrics_report.html", "metrics_report.ipynb",
        ])
        #expect(ReportFormat(rawValue: "jupyter") == .jupyter)
    }

    @Test func everyFormatRendersAnEmptyReport() {
        let empty = Fixture.report([])
        for format in ReportFormat.allCases {
            #expect(ReportFormat.render(empty, as: format).contains("0/0 OK") || format == .json)
        }
        #expect(ReportFormat.json.render(empty).contains("\"metrics\": []"))
    }
}
