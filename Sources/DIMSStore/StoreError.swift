/// An error of the event log, naming the store, record or file it is about.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        /// A stored record fails its checksum or cannot be decoded.
        case corruptRecord
        /// The store directory cannot be opened or written (permissions, read-only file system).
        case unavailable
        /// The store was written by a newer dims.
        case newerSchema
        /// The store's files are damaged (not a folder, an emptied data file, pages liblmdb cannot walk), or
        /// its last check failed: nothing may be written to it.
        case damaged
        /// An export stream or archive is truncated or damaged.
        case corruptStream
        /// liblmdb returned an error not covered above.
        case lmdb
        /// A file could not be read or written.
        case io
    }

    public let code: Code
    public let message: String
    /// The sequence number of the record concerned, when there is one.
    public let seq: UInt64?

    public init(code: Code, message: String, seq: UInt64? = nil) {
        self.code = code
        self.message = message
        self.seq = seq
    }

    public var description: String { message }

    static func corrupt(seq: UInt64, _ detail: String) -> Self {
        Self(code: .corruptRecord, message: "Event \(seq) is damaged: \(detail)", seq: seq)
    }
}
