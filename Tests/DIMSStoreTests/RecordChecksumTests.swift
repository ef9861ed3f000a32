import CCRC32C
import DIMSCore
@testable import DIMSStore
import DIMSTestSupport
import LMDB
import Testing

/// The checksum of projection and `meta` records: CRC-32C from schema 4, CRC-32 in stores of schemas 2 and 3.
struct RecordChecksumTests {
    /// CRC-32C bit by bit, as its definition gives it (reflected polynomial 0x82F63B78).
    static func reference(_ bytes: [UInt8], seed: UInt32 = 0) -> UInt32 {
        var crc = ~seed
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
        return ~crc
    }

    /// The check value of the standard ("123456789" gives 0xE3069283), and every length and alignment up to 300
    /// bytes against the definition, with the CPU's instruction and with the tables.
    @Test func crc32cMatchesItsDefinition() {
        let check = Array("123456789".utf8)
        #expect(check.withUnsafeBytes { RecordChecksum.crc32c.of($0) } == 0xE306_9283)
        #expect(Self.reference(check) == 0xE306_9283)
        var generator = SeededGenerator(seed: 9)
        let bytes = (0..<310).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for start in 0..<9 {
            for count in 0...300 {
                let slice = Array(bytes[start..<(start + count)])
                let seed = UInt32(count) &* 0x9E37_79B9
                let expected = Self.reference(slice, seed: seed)
                slice.withUnsafeBytes { buffer in
                    #expect(RecordChecksum.crc32c.of(buffer, seed: seed) == expected, "\(count) bytes from \(start)")
                    #expect(dims_crc32c_portable(seed, buffer.baseAddress, buffer.count) == expected, "\(count) bytes from \(start)")
                }
            }
        }
    }

    static let sealedDatabases = Layout.projections + [Layout.approvals, Layout.meta]

    /// Rewrites a store as schema 3 wrote it: every projection and `meta` record sealed with zlib's CRC-32.
    static func makeSchemaThree(_ path: String) throws {
        let env = try Environment(path: path, mapSize: 1 << 30, maxDatabases: 16)
        try env.write { txn in
            for name in sealedDatabases {
                guard let db = try txn.database(name) else { continue }
                var records: [([UInt8], [UInt8])] = []
                try txn.withCursor(db) { cursor in
                    for (key, value) in cursor.entries() {
                        let body = try #require(ProjectionRecord.open(value, key: key, .crc32c))
                        records.append((Array(key), Array(body)))
                    }
                }
                for (key, body) in records {
                    let version: [UInt8] = [3, 0, 0, 0]
                    let value = key.elementsEqual(MetaRecord.schema) ? version : body
                    var sealed = value
                    let crc = key.withUnsafeBytes { k in value.withUnsafeBytes { Zlib.crc32($0, seed: Zlib.crc32(k)) } }
                    withUnsafeBytes(of: crc.littleEndian) { sealed.append(contentsOf: $0) }
                    try txn.put(key, sealed, in: db)
                }
            }
        }
    }

    /// A store in a project's place (`inventory/.dims`), so that `dims` can open it from another process.
    static func store(_ dir: TemporaryDirectory) throws -> (path: String, states: [MetricPath: MetricState]) {
        _ = dir.write("metrics: {}\n", to: "inventory/config.yaml")
        let path = dir.url("inventory/.dims")
        let log = try EventLog(directory: path)
        try log.append(EventFactory.random(count: 200, seed: 5))
        try log.setFileStamps(MetaRecordTests.stamps)
        return (path, try log.currentStates())
    }

    /// A store of schema 3 reads as it is; a writable open re-seals every record with CRC-32C (schema 4), and a
    /// reader that opened the store before that keeps reading it.
    @Test func schemaThreeStoreIsReadAndResealed() throws {
        let dir = TemporaryDirectory()
        let (path, states) = try Self.store(dir)
        try Self.makeSchemaThree(path)
        var reader: EventLog? = try EventLog(directory: path, readOnly: true)
        #expect(reader?.checksum == .crc32)
        #expect(try reader?.currentStates() == states)
        #expect(try reader?.fileStamps() == MetaRecordTests.stamps)

        // Another process opens the store for writing, which upgrades it, while this one keeps its reader.
        try Self.openForWriting(root: dir.path)
        #expect(try reader?.currentStates() == states, "the reader opened at schema 3 reads the re-sealed records")
        #expect(try reader?.fileStamps() == MetaRecordTests.stamps)
        let version = try reader?.env.read { txn in try MetaRecord.schemaVersion(txn, try txn.require(Layout.meta), in: path) }
        #expect(version == 4)
        reader = nil

        let writer = try EventLog(directory: path)
        #expect(writer.checksum == .crc32c)
        #expect(try writer.currentStates() == states)
        #expect(try writer.fileStamps() == MetaRecordTests.stamps)
        #expect(try writer.verify().isClean)
    }

    /// Opens the store of the project at `root` for writing in a process of its own (`dims replay`): a process
    /// holds one store open one way at a time, so a reader and a writer of one store are two processes.
    static func openForWriting(root: String) throws {
        let result = try ProcessRunner.run(ProcessRunner.binary("dims"), ["replay"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// A record damaged in a store of schema 3 fails its CRC-32 at the upgrade: the writable open names it instead
    /// of sealing the damage anew with a valid CRC-32C.
    @Test func damagedRecordIsNotResealedByTheUpgrade() throws {
        let dir = TemporaryDirectory()
        let (path, _) = try Self.store(dir)
        try Self.makeSchemaThree(path)
        let env = try Environment(path: path, mapSize: 1 << 30, maxDatabases: 16)
        var name = ""
        try env.write { txn in
            let db = try txn.require(Layout.current)
            let (key, value) = try txn.withCursor(db) { cursor in
                let entry = try #require(try cursor.first())
                return (Array(entry.key), Array(entry.value))
            }
            name = String(decoding: key, as: UTF8.self)
            var damaged = value
            damaged[0] ^= 0x10
            try txn.put(key, damaged, in: db)
        }
        let error = #expect(throws: StoreError.self) { _ = try EventLog(directory: path, checked: false) }
        #expect(error?.code == .corruptRecord)
        #expect(error?.message.contains("'\(name)' of 'p_current'") == true, "\(error?.message ?? "")")
        let reader = try EventLog(directory: path, readOnly: true, checked: false)
        #expect(reader.checksum == .crc32)
        #expect(try reader.verify().problems.contains { $0.contains("'\(name)' of 'p_current'") })
    }
}
