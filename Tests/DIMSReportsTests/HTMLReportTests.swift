import DIMSCore
import DIMSReports
import Foundation
import Testing

struct HTMLReportTests {
    let html = ReportFormat.render(Fixture.everything, as: .html)

    @Test func pageIsOneCompleteDocumentWithInlineStyle() {
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(html.contains("<style>"))
        #expect(html.components(separatedBy: "<html").count == 2)
    }

    /// Nothing on the page loads from elsewhere: no URLs, no `src`, no links, no scripts, no imports.
    @Test func pageMakesNoExternalRequests() {
        for reference in ["http://", "https://", "src=", "href=", "<script", "<link", "@import", "url("] {
            #expect(!html.contains(reference), "page contains '\(reference)'")
        }
    }

    @Test func reportTextIsEscaped() {
        #expect(html.contains("Notes &lt;script&gt;alert(1)&lt;/script&gt; | piped\nsecond line"))
        #expect(html.contains("<td>a|b &lt;i&gt;</td>"))
        #expect(html.contains("Command &#39;du -sm data/espn&#39; failed: No such file or directory"))
        #expect(!html.contains("alert(1)</script>"))
    }

    @Test func hostileTitleAndRootAreEscaped() {
        let report = InventoryReport(title: "R&D <b>", generated: Fixture.generated, root: "/tmp/\"x\"", rows: [])
        let html = ReportFormat.html.render(report)
        #expect(html.contains("<title>R&amp;D &lt;b&gt;</title>"))
        #expect(html.contains("<code>/tmp/&quot;x&quot;</code>"))
    }

    @Test func summaryHeaderCountsEachStatus() {
        #expect(html.contains("<span class=\"badge ok\">3/17 OK</span>"))
        #expect(html.contains("<span class=\"badge warn\">12 drifted</span>"))
        #expect(html.contains("<span class=\"badge error\">1 error</span>"))
        #expect(html.contains("<span class=\"badge new\">1 new</span>"))
    }

    /// OK is green, minor and moderate amber, major and critical red, errors grey and new metrics blue.
    @Test func rowsAreColoredByStatus() {
        #expect(row("total_objects").hasPrefix("<tr class=\"ok\">"))
        #expect(row("python_files").hasPrefix("<tr class=\"warn\">"))
        #expect(row("markdown_files").hasPrefix("<tr class=\"warn\">"))
        #expect(row("test_files").hasPrefix("<tr class=\"severe\">"))
        #expect(row("hoopr_files").hasPrefix("<tr class=\"severe\">"))
        #expect(row("espn_size_gb").hasPrefix("<tr class=\"error\">"))
        #expect(row("count").hasPrefix("<tr class=\"new\">"))
        #expect(html.contains("--ok: #1a7f37") && html.contains("--warn: #b7791f") && html.contains("--severe: #c53030"))
        #expect(html.contains("--new: #2563eb") && html.contains("--error: #6b7280"))
    }

    @Test func numericSeriesIsDrawnAsSVGPolylineWithMinAndMaxLabels() {
        let objects = row("total_objects")
        #expect(objects.contains("<svg class=\"trend\""))
        #expect(objects.contains("<polyline"))
        #expect(objects.contains(">max 172,726</text>"))
        #expect(objects.contains(">min 168,432</text>"))
        let points = objects.components(separatedBy: "points=\"")[1].components(separatedBy: "\"")[0]
        #expect(points == "4.0,56.0 60.7,28.5 117.3,21.4 174.0,8.0")
        let accuracy = row("accuracy")
        #expect(accuracy.contains(">max 0.75</text>") && accuracy.contains(">min 0.7</text>"))
    }

    @Test func seriesWithoutNumbersOrWithOnePointStillRenders() {
        #expect(row("notes").contains("no numeric series"))
        let single = Fixture.row("a.single", .integer(5), baseline: .integer(5), series: [.integer(5)])
        let html = ReportFormat.html.render(Fixture.report([single]))
        #expect(html.contains("<circle cx=\"89.0\" cy=\"32.0\""))
        #expect(!html.contains("<polyline"))
    }

    @Test func errorsAreListedWithTheirReasons() {
        #expect(html.contains("<h2>Errors</h2>"))
        #expect(html.contains("<li><code>local_data.espn_size_gb</code>: Command &#39;du -sm"))
    }

    /// The table row of the metric named `name`.
    private func row(_ name: String) -> String {
        let rows = html.components(separatedBy: "</tr>").compactMap { $0.components(separatedBy: "<tr class=").last }
        return rows.first { $0.contains("<strong>\(name)</strong>") }.map { "<tr class=" + $0 } ?? ""
    }
}
