import DIMSCore
import DIMSStore
import DIMSTestSupport
import Foundation
import Testing

/// Damage to the records of the `meta` database (schema, watermark, file stamps, marks), which corruption runs
/// found believed or fatal: every command names it, none crashes, nothing is appended, and salvage recovers.
struct MetaRecordDamageTests {
    /// The node of the `meta` record `key` in the undamaged data file.
    static func node(_ key: String, in project: DamagedProject) throws -> PageFile.Node {
        let map = try project.map()
        let nodes = map.tree("meta").leaves.flatMap { $0.nodes ?? [] }
        return try #require(nodes.first { map.file.bytes[$0.key].elementsEqual(key.utf8) })
    }

    /// One byte of a path in the file stamps (corruption seed 23): a stamp that no longer names its file made the
    /// next command import the snapshot again, and every check passed. Now every command fails naming the record.
    @Test func damagedFileStampsAreNamed() throws {
        let project = try DamagedProject.make(days: 5)
        let events = project.before.count
        let node = try Self.node("files", in: project)
        try project.flip(at: node.data.lowerBound + 12, with: 0x6E)

        for command in [["history", "code_base.file_count", "--days", "90"], ["log", "stats"], ["update"], ["snapshot"]] {
            let result = try project.dims(command)
            #expect(result.status == 3, "\(command): \(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains("'files' of 'meta'") || result.stderr.contains("failed its last check"), "\(command): \(result.stderr)")
        }
        let verify = try project.dims(["log", "verify"])
        #expect(verify.status == 1 || verify.status == 3, "\(verify.stdout)\(verify.stderr)")
        #expect((verify.stdout + verify.stderr).contains("'files' of 'meta'"), "\(verify.stdout)\(verify.stderr)")
        #expect(try project.dims(["log", "salvage"]).status == 0)
        let log = try EventLog(directory: project.store, readOnly: true)
        #expect(try log.entries().map(\.id) == project.before.map(\.id), "nothing was appended to the damaged log: \(events) events salvaged")
    }

    /// A duplicate-data flag on the node of the schema record (corruption seed 22): liblmdb faulted in every
    /// command reading it, `log verify` included. Now the page is named and nothing crashes.
    @Test func duplicateFlagOnAMetaRecordIsNamed() throws {
        let project = try DamagedProject.make(days: 5)
        let node = try Self.node("schema", in: project)
        try project.flip(at: node.offset + 4, with: 0x8C)

        for command in CorruptionRunTests.readers + [["update"]] {
            let result = try project.dims(command)
            #expect(!result.signaled && result.status == 3, "\(command): \(result.status) \(result.stdout)\(result.stderr)")
            let said = result.stdout + result.stderr
            #expect(said.contains("of 'meta' is damaged") || said.contains("failed its last check"), "\(command): \(said)")
        }
        #expect(try project.dims(["log", "salvage"]).status == 0)
        let log = try EventLog(directory: project.store, readOnly: true)
        #expect(try log.entries().map(\.id) == project.before.map(\.id))
        #expect(try project.dims(["history", "code_base.file_count", "--days", "90"]).stdout == project.history)
    }
}
