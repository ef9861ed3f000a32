import DIMSCore
import DIMSStore
import DIMSWorkflow
import Testing

struct ImporterTests {
    /// The baselines of a committed metrics.yaml become the log's baselines, credited to the file's `verified_by`.
    @Test func committedBaselinesReachTheLog() throws {
        let folder = WorkflowProject(metrics: WorkflowProject.metricsFile)
        let project = try folder.project()
        let config = try project.config()
        let log = try project.openLog()
        let importer = Importer(project: project, config: config)
        let (read, added) = try importer.sync(try importer.scan(), into: log, mode: .read)
        #expect(read == 1)
        #expect(added > 0)
        let states = try log.currentStates()
        #expect(states[MetricPath("code_base.swift_files")]?.baseline?.value == .integer(12))
        #expect(states[MetricPath("code_base.docs")]?.baseline?.value == .integer(3))
        #expect(try importer.isCurrent(try importer.scan(), in: log))
    }

    /// Reading the same file again, even forced, adds nothing: event ids derive from the file's content.
    @Test func readingTheSameFileTwiceAddsNothing() throws {
        let folder = WorkflowProject(metrics: WorkflowProject.metricsFile)
        let project = try folder.project()
        let importer = Importer(project: project, config: try project.config())
        let log = try project.openLog()
        try importer.sync(try importer.scan(), into: log, mode: .read)
        let before = try log.lastSeq()
        let again = try importer.sync(try importer.scan(), into: log, mode: .read, force: true)
        #expect(again.added == 0)
        #expect(try log.lastSeq() == before)
    }

    /// A conflicted metrics.yaml is bad input (status 2) naming the file, and nothing is appended.
    @Test func conflictedFileIsBadInputAndAppendsNothing() throws {
        let folder = WorkflowProject(metrics: "metrics:\n<<<<<<< HEAD\n  a: 1\n=======\n  a: 2\n>>>>>>> other\n")
        let project = try folder.project()
        let importer = Importer(project: project, config: try project.config())
        let log = try project.openLog()
        let error = #expect(throws: DIMSError.self) { try importer.sync(try importer.scan(), into: log, mode: .read) }
        #expect(error?.status == .badInput)
        #expect(error?.message?.contains("inventory/metrics.yaml") == true)
        #expect(try log.lastSeq() == 0)
    }
}
