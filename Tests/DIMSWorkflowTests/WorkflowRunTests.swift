import DIMSCore
import DIMSTestSupport
import DIMSWorkflow
import Testing

struct WorkflowRunTests {
    /// A first run with `--update`'s policy measures, moves the new metrics' baselines in the log and writes them to
    /// metrics.yaml; a second run finds no drift and moves nothing.
    @Test func firstUpdateSetsBaselinesThenNothingMoves() async throws {
        let folder = WorkflowProject()
        folder.dir.write("", to: "src/a.swift")
        folder.dir.write("", to: "src/lib/b.swift")
        folder.dir.write("# Readme\n", to: "README.md")
        let project = try folder.project()
        let first = try await WorkflowRun(project: project, select: \.enabledMetrics, files: .write)
            .measureAndRecord(useCache: false, baselines: .driftedAndNew(.verifyUpdate))
        #expect(Set(first.updated) == [MetricPath("code_base.swift_files"), MetricPath("code_base.docs")])
        #expect(first.report.rows.first { $0.metric == MetricPath("code_base.swift_files") }?.value == .integer(2))
        let file = try #require(folder.read("inventory/metrics.yaml"))
        #expect(file.contains("swift_files:\n    value: 2"), "\(file)")
        let second = try await WorkflowRun(project: project, select: \.enabledMetrics, files: .write)
            .measureAndRecord(useCache: false, baselines: .driftedAndNew(.verifyUpdate))
        #expect(second.updated.isEmpty)
        #expect(second.report.rows.allSatisfy { $0.verdict == .ok })
    }

    /// Without a baseline policy a drift is reported and nothing moves: the file keeps the old baseline.
    @Test func verifyWithoutUpdateMovesNothing() async throws {
        let folder = WorkflowProject(metrics: WorkflowProject.metricsFile)
        folder.dir.write("", to: "src/a.swift")
        let project = try folder.project()
        let result = try await WorkflowRun(project: project, select: \.enabledMetrics, files: .read)
            .measureAndRecord(useCache: true, baselines: .none)
        #expect(result.updated.isEmpty)
        let row = try #require(result.report.rows.first { $0.metric == MetricPath("code_base.swift_files") })
        #expect(row.value == .integer(1))
        #expect(row.verdict.isDrift)
        #expect(folder.read("inventory/metrics.yaml") == WorkflowProject.metricsFile)
    }
}
