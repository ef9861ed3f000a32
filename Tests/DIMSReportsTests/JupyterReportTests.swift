import DIMSCore
import DIMSReports
import Foundation
import DIMSTestSupport
import Testing

struct JupyterReportTests {
    let notebook = ReportFormat.render(Fixture.everything, as: .jupyter)

    private func document() throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(notebook.utf8)) as? [String: Any])
    }

    private func cells() throws -> [[String: Any]] {
        try #require(try document()["cells"] as? [[String: Any]])
    }

    /// Requires `python3` with `pip install nbformat`; fails, never skips, without them.
    @Test func notebookPassesNbformatValidation() throws {
        if let missing = Python.missing("nbformat") {
            Issue.record("Cannot validate the notebook: \(missing)")
            return
        }
        let directory = TemporaryDirectory("dims-reports")
        let file = directory.write(notebook, to: ReportFormat.jupyter.fileName)
        let script = "import nbformat,sys; nb=nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb)"
        let result = try #require(Python.run(["-c", script, file]))
        #expect(result.status == 0, "nbformat rejected the notebook: \(result.errors)")
    }

    @Test func notebookIsVersionFourPointFiveWithPythonKernel() throws {
        let document = try document()
        #expect(document["nbformat"] as? Int == 4)
        #expect(document["nbformat_minor"] as? Int == 5)
        let metadata = try #require(document["metadata"] as? [String: [String: String]])
        #expect(metadata["kernelspec"]?["name"] == "python3")
        #expect(metadata["language_info"]?["name"] == "python")
    }

    @Test func cellsHaveUniqueIDsAndSourceLines() throws {
        let cells = try cells()
        let ids = cells.compactMap { $0["id"] as? String }
        #expect(ids.count == cells.count)
        #expect(Set(ids).count == ids.count)
        for cell in cells {
            let source = try #require(cell["source"] as? [String])
            #expect(source.dropLast().allSatisfy { $0.hasSuffix("\n") })
            #expect(source.allSatisfy { $0.dropLast().contains("\n") == false })
            if cell["cell_type"] as? String == "code" {
                #expect(cell["execution_count"] is NSNull)
                #expect((cell["outputs"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test func trendsCellPlotsEachNumericMetricWithMatplotlib() throws {
        let trends = try #require(try cells().first { $0["id"] as? String == "trends" })
        let source = (trends["source"] as? [String] ?? []).joined()
        #expect(source.contains("import matplotlib.pyplot as plt"))
        #expect(source.contains("axis.plot("))
        #expect(!source.contains("pandas"))
    }

    /// The data and table cells run in plain Python and print every metric, its status and the summary.
    @Test func dataAndTableCellsRunInPlainPython() throws {
        let cells = try cells()
        let code = ["data", "table"].map { id in
            (cells.first { $0["id"] as? String == id }?["source"] as? [String] ?? []).joined()
        }.joined(separator: "\n\n")
        guard Python.run(["-c", "pass"]) != nil else {
            Issue.record("Cannot run the notebook's cells: python3 could not be started")
            return
        }
        let directory = TemporaryDirectory("dims-reports")
        let result = try #require(Python.run([directory.write(code, to: "cells.py")]))
        #expect(result.status == 0, "the cells failed: \(result.errors)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("code_base.python_files") && $0.contains("1,308") && $0.contains("+40 (+3.2%)") },
                "output: \(result.output)")
        #expect(lines.contains { $0.hasPrefix("git.branch") && $0.contains("changed") })
        #expect(lines.contains { $0.hasPrefix("documentation.notes") && $0.contains("<script>alert(1)</script>") == false })
        #expect(result.output.contains("Summary: 3/17 OK, 12 drifted, 1 errors, 1 new"))
        #expect(result.output.contains("Error: local_data.espn_size_gb: Command 'du -sm data/espn' failed"))
    }

    @Test func dataCellHoldsTheReportAsAPythonLiteral() throws {
        let data = try #require(try cells().first { $0["id"] as? String == "data" })
        let source = (data["source"] as? [String] ?? []).joined()
        #expect(source.contains("report = {"))
        #expect(source.contains("\"value\": True,"))
        #expect(source.contains("\"delta\": None,"))
        #expect(!source.contains("null"))
    }
}
