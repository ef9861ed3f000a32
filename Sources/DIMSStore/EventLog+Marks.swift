import Foundation
import LMDB

/// Named positions kept in the log's `meta` database, such as how far the log was pushed to a shared store.
extension EventLog {
    /// The value of the mark `name`, nil when never set (or the log is empty).
    public func mark(_ name: String) throws(StoreError) -> UInt64? {
        try wrap("read the mark '\(name)'") {
            try env.read { txn in
                guard let meta = try txn.database(Layout.meta) else { return nil }
                return try markValue(name, txn, meta)
            }
        }
    }

    /// Reads the marks `names`, lets `body` change them, and writes them back in one write transaction.
    ///
    /// `body` sees nil for a mark never set; a mark it sets to nil is removed.
    public func updateMarks(_ names: [String], _ body: (inout [String: UInt64]) -> Void) throws(StoreError) {
        try wrap("update the marks \(names.joined(separator: ", "))") {
            try write { txn, h in
                var marks: [String: UInt64] = [:]
                for name in names {
                    marks[name] = try markValue(name, txn, h.meta)
                }
                let before = marks
                body(&marks)
                for name in names where marks[name] != before[name] {
                    if let value = marks[name] {
                        var w = ByteWriter()
                        w.u64le(value)
                        try putMetaRecord(Self.markKey(name), w.bytes, txn, h.meta)
                    } else {
                        _ = try txn.delete(Self.markKey(name), in: h.meta)
                    }
                }
            }
        }
    }

    /// The mark `name` in `meta`, checked; a record of another size than a mark's is damage.
    private func markValue(_ name: String, _ txn: Transaction, _ meta: Database) throws -> UInt64? {
        guard let bytes = try metaRecord(Self.markKey(name), txn, meta) else { return nil }
        guard bytes.count == 8 else {
            throw StoreError(code: .corruptRecord, message: "The mark '\(name)' (record 'mark.\(name)' of 'meta') of '\(directory)' is damaged: \(bytes.count) bytes instead of 8; run 'dims log salvage'")
        }
        return bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self).littleEndian }
    }

    static func markKey(_ name: String) -> [UInt8] { Array("mark.\(name)".utf8) }
}
