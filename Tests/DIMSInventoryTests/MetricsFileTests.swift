import DIMSCore
import DIMSInventory
import Foundation
import DIMSTestSupport
import Testing

/// Reading `metrics.yaml` from disk and writing it back atomically.
struct MetricsFileTests {
    @Test func aMissingFileReadsAsNil() throws {
        let folder = TemporaryDirectory("dims-inventory")
        #expect(try MetricsDocument.read(path: folder.path + "/inventory/metrics.yaml") == nil)
    }

    @Test func aWrittenFileReadsBackTheSame() throws {
        let folder = TemporaryDirectory("dims-inventory")
        let path = folder.write(Fixtures.metrics, to: "inventory/metrics.yaml")
        var document = try #require(try MetricsDocument.read(path: path))
        document["s3_storage.hoopr_files"]?.value = .integer(411)
        try document.write(to: path)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written == Fixtures.metrics.replacingOccurrences(of: "    value: 410\n", with: "    value: 411\n"))
        #expect(try MetricsDocument.read(path: path)?["s3_storage.hoopr_files"]?.value == .integer(411))
        #expect(try folder.contents(of: "inventory") == ["metrics.yaml"])
    }

    @Test func writingKeepsTheFilePermissions() throws {
        let folder = TemporaryDirectory("dims-inventory")
        let path = folder.write(Fixtures.metrics, to: "metrics.yaml")
        try FileManager.default.setAttributes([.posixPermissions: 0o664], ofItemAtPath: path)
        try MetricsDocument(text: Fixtures.metrics, file: path).write(to: path)
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o664)
    }

    /// A rename that fails (the target is a folder) leaves what was there and no temporary file.
    @Test func aFailedRenameLeavesTheOldContentIntact() throws {
        let folder = TemporaryDirectory("dims-inventory")
        let target = folder.makeFolder("metrics.yaml")
        folder.write("old\n", to: "metrics.yaml/keep.txt")
        let error = #expect(throws: InventoryFileError.self) { try MetricsDocument(text: Fixtures.metrics, file: "m").write(to: target) }
        #expect(error?.code == .unwritable)
        #expect(error?.message.hasPrefix("\(target): Cannot write the file: ") == true)
        #expect(try String(contentsOfFile: target + "/keep.txt", encoding: .utf8) == "old\n")
        #expect(try folder.contents() == ["metrics.yaml"])
    }

    @Test(arguments: ["missing/metrics.yaml", "file/metrics.yaml"])
    func writingIntoAFolderThatIsNotThereNamesThePath(relative: String) throws {
        let folder = TemporaryDirectory("dims-inventory")
        folder.write("not a folder\n", to: "file")
        let path = folder.path + "/" + relative
        let error = #expect(throws: InventoryFileError.self) { try MetricsDocument().write(to: path) }
        #expect(error?.code == .unwritable)
        #expect(error?.file == path)
        #expect(error?.message.hasPrefix("\(path): Cannot write the file: ") == true)
        #expect(try folder.contents() == ["file"])
    }

    @Test func malformedFileErrorsNameThePathGiven() throws {
        let folder = TemporaryDirectory("dims-inventory")
        let path = folder.write("metadata: {}\ngit:\n  commits: [1]\n", to: "inventory/historical/2025-10-22.yaml")
        let error = #expect(throws: InventoryFileError.self) { try MetricsDocument.read(path: path) }
        #expect(error?.message == "\(path):3: Metric 'git.commits' must be a map with a 'value', not a list")
    }

    @Test func aFolderOrBinaryFileIsUnreadable() throws {
        let folder = TemporaryDirectory("dims-inventory")
        let directory = folder.makeFolder("inventory/metrics.yaml")
        let error = #expect(throws: InventoryFileError.self) { try MetricsDocument.read(path: directory, naming: "inventory/metrics.yaml") }
        #expect(error?.code == .unreadable)
        #expect(error?.message == "inventory/metrics.yaml: Cannot read the file: is a directory")
        let binary = folder.path + "/binary.yaml"
        #expect(FileManager.default.createFile(atPath: binary, contents: Data([0x66, 0xFF, 0xFE, 0x0A])))
        let decoding = #expect(throws: InventoryFileError.self) { try MetricsDocument.read(path: binary) }
        #expect(decoding?.message == "\(binary): The file is not UTF-8 text")
    }

    @Test func aSnapshotIsTheDocumentWithItsDate() throws {
        let folder = TemporaryDirectory("dims-inventory")
        let paths = InventoryPaths(root: folder.path)
        let day = Day(year: 2025, month: 10, day: 22)
        try paths.makeHistoricalFolder()
        try MetricsDocument(text: Fixtures.metrics, file: "m").snapshot(on: day).write(to: paths.snapshot(for: day))
        let snapshot = try #require(try MetricsDocument.read(path: paths.snapshot(for: day)))
        #expect(snapshot.snapshotDate == day)
        #expect(snapshot.text.replacingOccurrences(of: "  snapshot_date: '2025-10-22'\n", with: "") == Fixtures.metrics)
        #expect(paths.snapshotDays() == [day])
    }

    @Test func snapshotPathsAndDaysFollowTheOriginalLayout() throws {
        let folder = TemporaryDirectory("dims-inventory")
        let paths = InventoryPaths(root: folder.path)
        #expect(paths.snapshotDays().isEmpty)
        folder.write("{}\n", to: "inventory/historical/2025-10-22.yaml")
        folder.write("{}\n", to: "inventory/historical/2025-10-01.yaml")
        folder.write("x\n", to: "inventory/historical/notes.md")
        #expect(paths.snapshotDays() == [Day("2025-10-01"), Day("2025-10-22")].compactMap { $0 })
        #expect(paths.snapshot(for: Day(year: 2025, month: 10, day: 22)) == folder.path + "/inventory/historical/2025-10-22.yaml")
        #expect(paths.metrics == folder.path + "/inventory/metrics.yaml")
    }
}
