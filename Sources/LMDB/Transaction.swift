import CLMDB

/// A named database inside an environment.
public struct Database: Hashable, Sendable {
    let dbi: MDB_dbi
}

/// An LMDB transaction. Byte buffers it returns are valid until it ends.
///
/// The corresponding C type is `MDB_txn`.
public final class Transaction {
    let handle: OpaquePointer
    let environment: Environment
    public let readOnly: Bool
    var openedDatabases: [(String, MDB_dbi)] = []
    private var finished = false

    init(environment: Environment, readOnly: Bool) throws {
        var txn: OpaquePointer?
        var rc = mdb_txn_begin(environment.handle, nil, readOnly ? UInt32(MDB_RDONLY) : 0, &txn)
        if rc == MDB_MAP_RESIZED {
            // Another process grew the map: adopt its size and begin again.
            try check(mdb_env_set_mapsize(environment.handle, 0), "mdb_env_set_mapsize")
            environment.core.protectMap()
            rc = mdb_txn_begin(environment.handle, nil, readOnly ? UInt32(MDB_RDONLY) : 0, &txn)
        }
        try check(rc, "mdb_txn_begin")
        if readOnly { environment.core.coverFile() }
        self.handle = txn!
        self.environment = environment
        self.readOnly = readOnly
    }

    deinit { if !finished { mdb_txn_abort(handle) } }

    func commit() throws {
        finished = true
        try check(mdb_txn_commit(handle), "mdb_txn_commit")
        environment.remember(openedDatabases)
    }

    /// Ends the transaction without writing. A read-only one is committed instead, because liblmdb closes
    /// database handles opened in an aborted transaction, and other transactions of this process reuse them.
    func abort() {
        guard !finished else { return }
        finished = true
        if readOnly, mdb_txn_commit(handle) == MDB_SUCCESS {
            environment.remember(openedDatabases)
        } else if !readOnly {
            mdb_txn_abort(handle)
        }
    }

    /// The folder of the environment it belongs to (for messages).
    public var directory: String { environment.path }

    /// The transaction's id: the snapshot it reads.
    ///
    /// The corresponding C function is `mdb_txn_id`.
    public var id: UInt64 { UInt64(mdb_txn_id(handle)) }

    /// The named database; created when missing in a write transaction, `nil` when missing in a read one.
    public func database(_ name: String) throws -> Database? {
        do {
            return Database(dbi: try environment.dbi(name, in: self, create: true))
        } catch let error as LMDBError where error.isNotFound {
            return nil
        }
    }

    /// The named database, which must exist.
    public func require(_ name: String) throws -> Database {
        Database(dbi: try environment.dbi(name, in: self, create: true))
    }

    /// The value stored under `key`, or nil.
    ///
    /// The corresponding C function is `mdb_get`.
    public func get(_ key: UnsafeRawBufferPointer, in db: Database) throws -> UnsafeRawBufferPointer? {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val()
        let rc = mdb_get(handle, db.dbi, &k, &v)
        if rc == MDB_NOTFOUND { return nil }
        try check(rc, "mdb_get")
        try environment.checkInside(v, "mdb_get")
        return UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size)
    }

    public func get(_ key: [UInt8], in db: Database) throws -> [UInt8]? {
        try key.withUnsafeBytes { (k) throws -> [UInt8]? in try get(k, in: db).map { Array($0) } }
    }

    /// Stores `value` under `key`; with `append`, keys must arrive in ascending order (faster).
    ///
    /// The corresponding C function is `mdb_put`.
    public func put(_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer, in db: Database, append: Bool = false, noOverwrite: Bool = false) throws {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        var flags: UInt32 = 0
        if append { flags |= UInt32(MDB_APPEND) }
        if noOverwrite { flags |= UInt32(MDB_NOOVERWRITE) }
        try check(mdb_put(handle, db.dbi, &k, &v, flags), "mdb_put")
    }

    public func put(_ key: [UInt8], _ value: [UInt8], in db: Database, append: Bool = false, noOverwrite: Bool = false) throws {
        try key.withUnsafeBytes { (k) throws in
            try value.withUnsafeBytes { (v) throws in try put(k, v, in: db, append: append, noOverwrite: noOverwrite) }
        }
    }

    /// Deletes `key`; returns whether it was there.
    ///
    /// The corresponding C function is `mdb_del`.
    @discardableResult
    public func delete(_ key: [UInt8], in db: Database) throws -> Bool {
        try key.withUnsafeBytes { (kb) throws -> Bool in
            var k = MDB_val(mv_size: kb.count, mv_data: UnsafeMutableRawPointer(mutating: kb.baseAddress))
            let rc = mdb_del(handle, db.dbi, &k, nil)
            if rc == MDB_NOTFOUND { return false }
            try check(rc, "mdb_del")
            return true
        }
    }

    /// Removes every entry of the database, keeping the database.
    ///
    /// The corresponding C function is `mdb_drop`.
    public func empty(_ db: Database) throws {
        try check(mdb_drop(handle, db.dbi, 0), "mdb_drop")
    }

    /// The number of entries.
    public func count(_ db: Database) throws -> Int {
        var stat = MDB_stat()
        try check(mdb_stat(handle, db.dbi, &stat), "mdb_stat")
        return stat.ms_entries
    }

    /// Bytes of the pages the database occupies.
    public func bytes(_ db: Database) throws -> Int {
        var stat = MDB_stat()
        try check(mdb_stat(handle, db.dbi, &stat), "mdb_stat")
        return (stat.ms_branch_pages + stat.ms_leaf_pages + stat.ms_overflow_pages) * Int(stat.ms_psize)
    }

    /// A cursor over the database, closed when `body` returns; an error that ended an iteration of it
    /// (`Cursor.entries`) is thrown then.
    public func withCursor<T>(_ db: Database, _ body: (Cursor) throws -> T) throws -> T {
        let cursor = try Cursor(txn: self, db: db)
        let result = try body(cursor)
        if let failure = cursor.failure { throw failure }
        return result
    }
}
