import DIMSCore
import DIMSReports
import Foundation
import DIMSTestSupport
import Testing

/// Every report lists the baseline moves awaiting approval.
struct ApprovalReportTests {
    let report: InventoryReport = {
        var report = Fixture.report([Fixture.row("s3_storage.total_objects", .integer(0), baseline: .integer(172_975))])
        report.approvals = [ApprovalRecord(
            request: ApprovalRequest(number: 12, metric: "s3_storage.total_objects", previous: .integer(172_975), value: .integer(0),
                                     trigger: .collapse, run: .verifyUpdate),
            observed: Fixture.generated, seq: 40, actor: "alice@ci")]
        return report
    }()

    @Test func markdownHasAPendingApprovalsTable() {
        let text = ReportFormat.render(report, as: .markdown)
        #expect(text.contains("## Pending approvals"))
        #expect(text.contains("| #12 | s3_storage.total_objects | 172,975 | 0 | -100.0% | collapse to zero | alice@ci, 2025-10-22T14:03:00Z (verify --update) |"), "\(text)")
    }

    @Test func htmlHasAPendingApprovalsSection() {
        let html = ReportFormat.render(report, as: .html)
        #expect(html.contains("<h2>Pending approvals</h2>"))
        #expect(html.contains("<td>#12</td><td>s3_storage.total_objects</td><td>172,975</td><td>0</td><td>-100.0%</td>"), "\(html)")
    }

    @Test func jsonListsPendingApprovalsTyped() throws {
        let document = try #require(JSONSerialization.jsonObject(with: Data(ReportFormat.render(report, as: .json).utf8)) as? [String: Any])
        let pending = try #require(document["pending_approvals"] as? [[String: Any]])
        #expect(pending.count == 1)
        #expect(pending.first?["id"] as? Int == 12)
        #expect(pending.first?["baseline"] as? Int == 172_975)
        #expect(pending.first?["requested"] as? Int == 0)
        #expect(pending.first?["trigger"] as? String == "collapse to zero")
        let empty = try #require(JSONSerialization.jsonObject(with: Data(ReportFormat.render(Fixture.report([]), as: .json).utf8)) as? [String: Any])
        #expect((empty["pending_approvals"] as? [Any])?.isEmpty == true)
    }

    /// The notebook gets a Markdown cell with the table and still passes nbformat's validation.
    @Test func notebookHasAnApprovalsCell() throws {
        let notebook = ReportFormat.render(report, as: .jupyter)
        let document = try #require(JSONSerialization.jsonObject(with: Data(notebook.utf8)) as? [String: Any])
        let cells = try #require(document["cells"] as? [[String: Any]])
        let cell = try #require(cells.first { $0["id"] as? String == "approvals" })
        let source = (cell["source"] as? [String])?.joined() ?? ""
        #expect(source.contains("| #12 | s3_storage.total_objects | 172,975 | 0 | -100.0% |"), "\(source)")
        if let missing = Python.missing("nbformat") {
            Issue.record("Cannot validate the notebook: \(missing)")
            return
        }
        let directory = TemporaryDirectory("dims-reports")
        let file = directory.write(notebook, to: ReportFormat.jupyter.fileName)
        let result = try #require(Python.run(["-c", "import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", file]))
        #expect(result.status == 0, "nbformat rejected the notebook: \(result.errors)")
    }

    /// The change a request asks for: a percentage, a signed difference from a zero baseline, or `changed`.
    @Test func changeText() {
        func request(_ previous: Value, _ value: Value) -> ApprovalRequest {
            ApprovalRequest(number: 1, metric: "a.b", previous: previous, value: value, trigger: .criticalMetric, run: .update)
        }
        #expect(TerminalFormat.change(request(.integer(100), .integer(120))) == "+20.0%")
        #expect(TerminalFormat.change(request(.integer(0), .integer(3))) == "+3")
        #expect(TerminalFormat.change(request(.string("v1"), .string("v2"))) == "changed")
    }

    @Test func terminalLineNamesTheRequest() {
        #expect(TerminalFormat.approvalLine(report.approvals[0]) == "⏸  s3_storage.total_objects: 0 awaits approval #12 (-100.0% from 172,975)")
    }
}
