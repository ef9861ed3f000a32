import DIMSCore
import DIMSInventory
import DIMSStore
import DIMSTestSupport
@testable import DIMSWorkflow
import Foundation
import Testing

/// The importer reads an inventory file again only when its `stat` signature changed since the scan record vouched for
/// it, and the record is believed only for files older than itself by the margin.
struct ScanRecordTests {
    static let snapshot = """
        metadata:
          snapshot_date: '2025-09-20'
        code_base:
          swift_files:
            value: 11
            last_verified: '2025-09-20T10:00:00.000000'
        """

    /// A project with metrics.yaml, one snapshot and a log, its files scanned once.
    static func scanned() throws -> (WorkflowProject, Importer) {
        let folder = WorkflowProject(metrics: WorkflowProject.metricsFile)
        folder.dir.write(snapshot, to: "inventory/historical/2025-09-20.yaml")
        let project = try folder.project()
        let importer = Importer(project: project, config: try project.config())
        let log = try project.openLog()
        // This scan writes the record: the files were written just now, within the margin of it.
        try importer.sync(try importer.scan(), into: log, mode: .read)
        #expect(FileManager.default.fileExists(atPath: ScanRecord.path(store: project.storePath)))
        return (folder, importer)
    }

    /// Files written within the margin are read at every scan; once the record is older than them by the margin,
    /// they are not read, and the hashes vouched for are the files' own.
    @Test func filesOlderThanTheRecordAreNotReadAgain() throws {
        let (folder, importer) = try Self.scanned()
        let first = try importer.scan()
        #expect(first.entries.count == 2)
        #expect(first.entries.allSatisfy { $0.text != nil }, "written just before the record: within the margin, read again")
        Thread.sleep(forTimeInterval: 2.2)
        // Written now, the record is older than the files by more than the margin from here on.
        _ = try importer.scan()
        let later = try importer.scan()
        #expect(later.entries.count == 2)
        #expect(later.entries.allSatisfy { $0.text == nil }, "vouched for by the record")
        #expect(later.entries.map(\.hash) == first.entries.map(\.hash))
        let log = try importer.project.openLog()
        #expect(try importer.isCurrent(later, in: log))
        withExtendedLifetime(folder) {}
    }

    /// A file changed after the record is read again and imported, though its size stays the same.
    @Test func aFileChangedAfterTheRecordIsReadAgain() throws {
        let (folder, importer) = try Self.scanned()
        Thread.sleep(forTimeInterval: 2.2)
        _ = try importer.scan()
        let path = "inventory/historical/2025-09-20.yaml"
        let changed = Self.snapshot.replacingOccurrences(of: "value: 11", with: "value: 17")
        folder.dir.write(changed, to: path)
        let files = try importer.scan()
        let entry = try #require(files.entries.first { $0.path == path })
        #expect(entry.text?.text == changed)
        let log = try importer.project.openLog()
        #expect(try !importer.isCurrent(files, in: log))
        let (read, _) = try importer.sync(files, into: log, mode: .read)
        #expect(read == 1)
        #expect(try importer.isCurrent(try importer.scan(), in: log))
    }

    /// A record whose checksum does not match is not believed: every file is read.
    @Test func aDamagedRecordIsIgnored() throws {
        let (folder, importer) = try Self.scanned()
        Thread.sleep(forTimeInterval: 2.2)
        _ = try importer.scan()
        let recordPath = ScanRecord.path(store: importer.project.storePath)
        let text = try String(contentsOfFile: recordPath, encoding: .utf8)
        let damaged = text.replacingOccurrences(of: "inventory/metrics.yaml", with: "inventory/metrics.yamx")
        try damaged.write(toFile: recordPath, atomically: false, encoding: .utf8)
        #expect(ScanRecord.load(store: importer.project.storePath).entries.isEmpty)
        let files = try importer.scan()
        #expect(files.entries.count == 2 && files.entries.allSatisfy { $0.text != nil })
        withExtendedLifetime(folder) {}
    }

    /// Without a store folder (a project no command has written to yet) no record is written.
    @Test func noRecordWithoutAStore() throws {
        let folder = WorkflowProject(metrics: WorkflowProject.metricsFile)
        let project = try folder.project()
        _ = try Importer(project: project, config: try project.config()).scan()
        #expect(!FileManager.default.fileExists(atPath: project.storePath))
    }
}
