import DIMSCore
import DIMSStore
import DIMSTestSupport
import DIMSWorkflow
import Testing

struct MetricsFileWriterTests {
    /// A moved baseline rewrites its entry's value and provenance; the other entry stays byte for byte.
    @Test func rewritesOnlyTheMovedEntry() throws {
        let folder = WorkflowProject(metrics: WorkflowProject.metricsFile)
        let project = try folder.project()
        let config = try project.config()
        let log = try project.openSyncedLog(config, mode: .write)
        let at = Timestamp.parse("2025-10-01T09:00:00Z")!
        _ = try log.append([EventFactory.baseline(MetricPath("code_base.swift_files"), .integer(15), previous: .integer(12), at: at, actor: "bob@ci")])
        let written = try MetricsFileWriter(project: project, config: config).write(from: log)
        #expect(written == [MetricPath("code_base.swift_files")])
        let text = try #require(folder.read("inventory/metrics.yaml"))
        #expect(text.contains("value: 15"))
        #expect(text.contains("updated_by: bob@ci"))
        #expect(text.hasSuffix("  docs:\n    value: 3\n    last_verified: '2025-09-20T10:00:00.000000'\n    verified_by: alice@laptop\n"))
    }

    /// With nothing moved, the file is left as it is.
    @Test func leavesAnUnmovedFileAlone() throws {
        let folder = WorkflowProject(metrics: WorkflowProject.metricsFile)
        let project = try folder.project()
        let config = try project.config()
        let log = try project.openSyncedLog(config, mode: .write)
        #expect(try MetricsFileWriter(project: project, config: config).write(from: log).isEmpty)
        #expect(folder.read("inventory/metrics.yaml") == WorkflowProject.metricsFile)
    }
}
