import DIMSCore
import DIMSReports
import Foundation
import Testing

struct MarkdownReportTests {
    let text = ReportFormat.render(Fixture.everything, as: .markdown)

    @Test func headerHasTitleTimeAndSummary() {
        #expect(text.hasPrefix("# DIMS Metrics Report\n\nGenerated: 2025-10-22T14:03:00Z\n"))
        #expect(text.contains("**Summary:** 3/17 OK, 12 drifted, 1 error, 1 new"))
    }

    /// Categories appear in the order of their first metric, each with one table.
    @Test func tablesAreGroupedByCategoryInReportOrder() {
        let headings = text.split(separator: "\n").filter { $0.hasPrefix("## ") }.map(String.init)
        #expect(headings == [
            "## s3_storage", "## code_base", "## documentation", "## prediction_system", "## plus_minus_system",
            "## sql_schemas", "## git", "## workflows", "## local_data", "## project", "## Errors",
        ])
        let s3 = text.components(separatedBy: "## s3_storage")[1].components(separatedBy: "## code_base")[0]
        #expect(s3.contains("s3_storage.total_objects"))
        #expect(s3.contains("s3_storage.hoopr_files"))
        #expect(!s3.contains("code_base.python_files"))
    }

    @Test func rowsShowValuesChangeStatusAndSeverity() {
        #expect(text.contains("| s3_storage.total_objects | Objects in the raw data bucket | 172,726 | 172,726 | — | ✅ OK | None |"))
        #expect(text.contains("| code_base.python_files |  | 1,308 | 1,268 | +40 (+3.2%) | ⚠️ Minor drift | Low |"))
        #expect(text.contains("| prediction_system.total_lines |  | 2,271 | 2,103 | +168 (+8.0%) | ❌ Moderate drift | High |"))
        #expect(text.contains("| code_base.ml_scripts |  | 90 | 100 | -10 (-10.0%) | ⚠️ Moderate drift | Medium |"))
        #expect(text.contains("| prediction_system.accuracy |  | 0.75 | 0.7 | +0.05 (+7.1%) | ❌ Moderate drift | High |"))
        #expect(text.contains("| workflows.count |  | 12 | — | — | 🆕 New | None |"))
        #expect(text.contains("| git.branch |  | main | develop | changed | ⚠️ Changed | Critical |"))
        #expect(text.contains("| project.released |  | true | false | changed | ⚠️ Changed | Critical |"))
        #expect(text.contains("| local_data.espn_size_gb |  | — | 4.5 | — | ❌ Error | None |"))
    }

    @Test func errorsAreListedWithTheirReasons() {
        #expect(text.hasSuffix("## Errors\n\n- **local_data.espn_size_gb**: Command 'du -sm data/espn' failed: No such file or directory\n"))
    }

    @Test func pipesAndNewlinesInTextAreEscaped() {
        #expect(text.contains("| documentation.notes | Notes &lt;script&gt;alert(1)&lt;/script&gt; \\| piped<br>second line | a\\|b &lt;i&gt; |"))
        let tableLines = text.split(separator: "\n").filter { $0.hasPrefix("| documentation.notes") }
        #expect(tableLines.count == 1)
    }

    @Test func reportWithoutErrorsHasNoErrorSection() {
        let text = ReportFormat.markdown.render(Fixture.report([Fixture.totalObjects]))
        #expect(!text.contains("## Errors"))
        #expect(text.contains("**Summary:** 1/1 OK, 0 drifted, 0 errors, 0 new"))
    }
}
