import DIMSCore
import DIMSStore
import DIMSTestSupport
import LMDB
import Testing

/// The records of the log's `meta` database carry a checksum of key and value: damage to any is named.
struct MetaRecordTests {
    static let stamps = ["inventory/metrics.yaml": FileStamp(hash: 0x1234_5678_9ABC_DEF0, seq: 20)]

    /// A store with events, file stamps and a mark, closed.
    static func store(_ dir: TemporaryDirectory) throws -> String {
        _ = dir.write("metrics: {}\n", to: "inventory/config.yaml")
        let path = dir.url("inventory/.dims")
        let log = try EventLog(directory: path)
        try log.append(EventFactory.random(count: 20, seed: 3))
        try log.setFileStamps(stamps)
        try log.updateMarks(["team.x.pushed"]) { $0["team.x.pushed"] = 17 }
        return path
    }

    /// Changes the raw records of `meta` with liblmdb, as damage or an older dims would have left them.
    static func edit(_ path: String, _ body: (Transaction, Database) throws -> Void) throws {
        let env = try Environment(path: path, mapSize: 1 << 30, maxDatabases: 16)
        try env.write { txn in try body(txn, try txn.require("meta")) }
    }

    /// A store of schema 2 (file stamps, marks and schema without checksums) reads as it is, and a writable open
    /// seals its records.
    @Test func schemaTwoStoreIsReadAndSealed() throws {
        let dir = TemporaryDirectory()
        let path = try Self.store(dir)
        try Self.edit(path) { txn, meta in
            for key in ["files", "mark.team.x.pushed"].map({ Array($0.utf8) }) {
                let sealed = try #require(try txn.get(key, in: meta))
                try txn.put(key, Array(sealed.dropLast(4)), in: meta)
            }
            try txn.put(Array("schema".utf8), [2, 0, 0, 0], in: meta)
        }
        var reader: EventLog? = try EventLog(directory: path, readOnly: true)
        #expect(try reader?.fileStamps() == Self.stamps)
        #expect(try reader?.mark("team.x.pushed") == 17)
        // Another process opens the store for writing, which seals the records; the reader opened at schema 2
        // reads the records sealed since.
        try RecordChecksumTests.openForWriting(root: dir.path)
        #expect(try reader?.fileStamps() == Self.stamps)
        #expect(try reader?.mark("team.x.pushed") == 17)
        reader = nil
        let writer = try EventLog(directory: path)
        #expect(try writer.fileStamps() == Self.stamps)
        #expect(try writer.mark("team.x.pushed") == 17)
        #expect(try writer.verify().isClean)
        var sizes: [Int?] = []
        try Self.edit(path) { txn, meta in sizes = try ["schema", "files"].map { try txn.get(Array($0.utf8), in: meta)?.count } }
        // The schema (4 bytes) and the stamps (path 1 + 22 bytes, hash 9, seq 1), each with its checksum (4).
        #expect(sizes == [8, 37])
    }

    /// One byte of the file stamps, of a mark, of the schema record, of the watermark or of a record's key: every
    /// open fails naming the database and the key, and `verify` names it.
    @Test(arguments: ["files", "mark.team.x.pushed", "schema", "projected", "key"])
    func damagedRecordIsNamed(record: String) throws {
        let dir = TemporaryDirectory()
        let path = try Self.store(dir)
        var named = record
        try Self.edit(path) { txn, meta in
            if record == "key" {
                let value = try #require(try txn.get(Array("files".utf8), in: meta))
                _ = try txn.delete(Array("files".utf8), in: meta)
                named = "filer"
                try txn.put(Array(named.utf8), value, in: meta)
            } else {
                var value = try #require(try txn.get(Array(record.utf8), in: meta))
                value[1] ^= 0x04
                try txn.put(Array(record.utf8), value, in: meta)
            }
        }
        for readOnly in [true, false] {
            let error = #expect(throws: StoreError.self) { _ = try EventLog(directory: path, readOnly: readOnly) }
            #expect(error?.code == .corruptRecord)
            #expect(error?.message.contains("'\(named)' of 'meta'") == true, "\(error?.message ?? "")")
        }
        if record != "schema" {
            let report = try EventLog(directory: path, readOnly: true, checked: false).verify()
            #expect(report.problems.contains { $0.contains("'\(named)' of 'meta'") || $0.contains("'meta projected'") }, "\(report.problems)")
        }
    }
}
