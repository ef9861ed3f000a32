import CLMDB

/// A position in a database, moving in key order. Buffers it returns are valid until the transaction ends.
///
/// The corresponding C type is `MDB_cursor`.
public final class Cursor {
    let handle: OpaquePointer
    let environment: Environment
    /// The error that ended an iteration (`entries`), thrown by `Transaction.withCursor` when its body returns.
    var failure: (any Error)?
    public typealias Entry = (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)

    init(txn: Transaction, db: Database) throws {
        var cursor: OpaquePointer?
        try check(mdb_cursor_open(txn.handle, db.dbi, &cursor), "mdb_cursor_open")
        handle = cursor!
        environment = txn.environment
    }

    deinit { mdb_cursor_close(handle) }

    private func move(_ op: MDB_cursor_op, key: UnsafeRawBufferPointer? = nil) throws -> Entry? {
        var k = MDB_val(mv_size: key?.count ?? 0, mv_data: UnsafeMutableRawPointer(mutating: key?.baseAddress))
        var v = MDB_val()
        let rc = mdb_cursor_get(handle, &k, &v, op)
        if rc == MDB_NOTFOUND { return nil }
        try check(rc, "mdb_cursor_get")
        try environment.checkInside(k, "mdb_cursor_get")
        try environment.checkInside(v, "mdb_cursor_get")
        return (UnsafeRawBufferPointer(start: k.mv_data, count: k.mv_size), UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size))
    }

    public func first() throws -> Entry? { try move(MDB_FIRST) }
    public func last() throws -> Entry? { try move(MDB_LAST) }
    public func next() throws -> Entry? { try move(MDB_NEXT) }
    public func previous() throws -> Entry? { try move(MDB_PREV) }
    public func current() throws -> Entry? { try move(MDB_GET_CURRENT) }

    /// Moves to the first key greater than or equal to `key`.
    public func seek(_ key: [UInt8]) throws -> Entry? {
        try key.withUnsafeBytes { (k) throws -> Entry? in try move(MDB_SET_RANGE, key: k) }
    }

    /// Moves to the last key less than or equal to `key`.
    public func seekAtOrBefore(_ key: [UInt8]) throws -> Entry? {
        if let entry = try seek(key) {
            if entry.key.elementsEqual(key) { return entry }
            return try previous()
        }
        return try last()
    }

    /// Deletes the entry at the cursor.
    ///
    /// The corresponding C function is `mdb_cursor_del`.
    public func deleteCurrent() throws { try check(mdb_cursor_del(handle, 0), "mdb_cursor_del") }
}
