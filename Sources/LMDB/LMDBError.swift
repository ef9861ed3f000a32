import CLMDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An error returned by liblmdb, with the function that returned it.
public struct LMDBError: Error, Hashable, Sendable, CustomStringConvertible {
    public let code: Int32
    public let function: String

    public init(code: Int32, function: String) {
        self.code = code
        self.function = function
    }

    public var isMapFull: Bool { code == MDB_MAP_FULL }
    /// liblmdb found a page of the wrong kind, a page number past the end, or a record outside the file.
    public var isCorrupted: Bool { code == MDB_CORRUPTED || code == MDB_PAGE_NOTFOUND || code == MDB_BAD_TXN }
    public var isNotFound: Bool { code == MDB_NOTFOUND }
    public var isReadOnlyFileSystem: Bool { code == EACCES || code == EROFS }
    /// A write failed: `EIO` is what liblmdb returns for a short write, which is how a full disk shows.
    public var isWriteFailure: Bool { code == EIO || code == ENOSPC || code == EDQUOT }

    public var description: String {
        let text = mdb_strerror(code).map { String(cString: $0) } ?? "error \(code)"
        return "\(function): \(text)"
    }
}

/// Passes every liblmdb return code through one place.
@inline(__always)
func check(_ code: Int32, _ function: String) throws(LMDBError) {
    guard code == MDB_SUCCESS else { throw LMDBError(code: code, function: function) }
}
