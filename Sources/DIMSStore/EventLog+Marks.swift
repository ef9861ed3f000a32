import Foundation
import LMDB

/// Named positions kept in the log's `meta` database, such as how far the log was pushed to a shared store.
extension EventLog {
    /// The value of the mark `name`, nil when never set (or the log is empty).
    public func mark(_ name: String) throws(StoreError) -> UInt64? {
        try wrap("read the mark '\(name)'") {
            try env.read { txn in
                guard let meta = try txn.database(Layout.meta), let bytes = try txn.get(Self.markKey(name), in: meta), bytes.count == 8 else { return nil }
                return bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self).littleEndian }
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
                    if let bytes = try txn.get(Self.markKey(name), in: h.meta), bytes.count == 8 {
                        marks[name] = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self).littleEndian }
                    }
                }
                let before = marks
                body(&marks)
                for name in names where marks[name] != before[name] {
                    if let value = marks[name] {
                        var w = ByteWriter()
                        w.u64le(value)
                        try txn.put(Self.markKey(name), w.bytes, in: h.meta)
                    } else {
                        _ = try txn.delete(Self.markKey(name), in: h.meta)
                    }
                }
            }
        }
    }

    static func markKey(_ name: String) -> [UInt8] { Array("mark.\(name)".utf8) }
}
