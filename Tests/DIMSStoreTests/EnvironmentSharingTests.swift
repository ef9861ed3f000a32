import Foundation
import DIMSTestSupport
import LMDB
import Testing

/// One liblmdb environment per data file and process: environments of one file share it, a writer is refused while
/// the file is open read-only here, and a read-only map's zero overlay covers its own map and nothing else.
struct EnvironmentSharingTests {
    static func put(_ env: Environment, _ key: String, _ value: String) throws {
        try env.write { txn in
            let db = try #require(try txn.database("d"))
            try txn.put(Array(key.utf8), Array(value.utf8), in: db)
        }
    }

    static func get(_ env: Environment, _ key: String) throws -> String? {
        try env.read { txn in
            guard let db = try txn.database("d"), let value = try txn.get(Array(key.utf8), in: db) else { return nil }
            return String(decoding: value, as: UTF8.self)
        }
    }

    /// A reader opened while a writer is open reads what the writer commits afterwards, and outlives it.
    @Test func readerSharesTheWritersEnvironment() throws {
        let dir = TemporaryDirectory()
        let path = dir.makeFolder("store")
        var writer: Environment? = try Environment(path: path)
        try Self.put(try #require(writer), "a", "1")
        let reader = try Environment(path: path, readOnly: true)
        try Self.put(try #require(writer), "b", "2")
        #expect(try Self.get(reader, "b") == "2")
        writer = nil
        #expect(try Self.get(reader, "a") == "1")
        let error = #expect(throws: LMDBError.self) { try reader.write { _ in } }
        #expect(error?.code == EACCES)
    }

    /// A writer is refused while the store is open read-only in this process; once the reader is closed, it opens.
    @Test func writerIsRefusedWhileAReaderIsOpen() throws {
        let dir = TemporaryDirectory()
        let path = dir.makeFolder("store")
        try Self.put(try Environment(path: path), "a", "1")
        var reader: Environment? = try Environment(path: path, readOnly: true)
        let error = #expect(throws: LMDBError.self) { _ = try Environment(path: path) }
        #expect(error?.code == EBUSY)
        #expect(error?.description.contains("for writing while this process reads it") == true)
        #expect(try Self.get(try #require(reader), "a") == "1")
        reader = nil
        let writer = try Environment(path: path)
        try Self.put(writer, "b", "2")
        #expect(try Self.get(writer, "b") == "2")
    }

    /// A store renamed over another's file while a writer keeps the old file mapped: the reader of the new file lays
    /// its zero overlay past its own file's end only, and the writer's map (same path, other inode) stays intact.
    @Test func overlayCoversOnlyItsOwnMap() throws {
        let dir = TemporaryDirectory()
        let path = dir.makeFolder("store"), other = dir.makeFolder("other")
        let writer = try Environment(path: path, mapSize: 8 << 20)
        for index in 0..<400 { try Self.put(writer, "key\(index)", String(repeating: "w", count: 200)) }
        try Self.put(try Environment(path: other, mapSize: 8 << 20), "copied", "yes")
        // The lock file moves with it: the writer keeps its own (now unlinked) lock file, as another process would.
        for file in ["data.mdb", "lock.mdb"] { #expect(rename(other + "/" + file, path + "/" + file) == 0) }
        let reader = try Environment(path: path, mapSize: 8 << 20, readOnly: true)
        #expect(try Self.get(reader, "copied") == "yes")
        #expect(try Self.get(reader, "key1") == nil)
        for index in 0..<400 { #expect(try Self.get(writer, "key\(index)") == String(repeating: "w", count: 200)) }
        try Self.put(writer, "after", "1")
        #expect(try Self.get(writer, "after") == "1")
    }
}
