public import DIMSCore
import LMDB

/// What the log last knew of one committed inventory file: the hash of its content and the seq it reflected.
public struct FileStamp: Hashable, Sendable {
    /// A hash of the file's bytes, as dims last read or wrote them.
    public var hash: UInt64
    /// The log's last seq when the file was read or written: the file reflects the log up to it.
    public var seq: UInt64

    public init(hash: UInt64, seq: UInt64) {
        self.hash = hash
        self.seq = seq
    }
}

extension EventLog {
    static let filesKey = Array("files".utf8)

    /// The stamps of the inventory files, by path relative to the project root (`meta` key `files`); empty when none.
    public func fileStamps() throws(StoreError) -> [String: FileStamp] {
        try wrap("read the file stamps") {
            try env.read { txn in
                guard let meta = try txn.database(Layout.meta), let bytes = try metaRecord(EventLog.filesKey, txn, meta) else { return [:] }
                return try bytes.withUnsafeBytes { buffer in
                    var r = ByteReader(buffer)
                    var stamps: [String: FileStamp] = [:]
                    while r.remaining > 0 {
                        guard let path = r.string(), let hash = r.varint(), let seq = r.varint() else {
                            throw StoreError(code: .corruptRecord, message: "The file stamps (record 'files' of 'meta') of '\(directory)' cannot be read; run 'dims log salvage'")
                        }
                        stamps[path] = FileStamp(hash: hash, seq: seq)
                    }
                    return stamps
                }
            }
        }
    }

    /// Replaces the stamps of the inventory files.
    public func setFileStamps(_ stamps: [String: FileStamp]) throws(StoreError) {
        var w = ByteWriter()
        for (path, stamp) in stamps.sorted(by: { $0.key < $1.key }) {
            w.string(path)
            w.varint(stamp.hash)
            w.varint(stamp.seq)
        }
        try wrap("write the file stamps") {
            try write { txn, h in try putMetaRecord(EventLog.filesKey, w.bytes, txn, h.meta) }
        }
    }
}
