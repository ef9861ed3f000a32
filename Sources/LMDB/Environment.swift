import CLMDB
import Foundation
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An LMDB environment: one memory-mapped file holding named databases.
///
/// The corresponding C type is `MDB_env`.
///
/// `@unchecked Sendable`: liblmdb's environment may be used from any thread (opened with `MDB_NOTLS`, so a
/// transaction is not tied to the thread that began it); the only mutable state, `shared`, is under a mutex.
public final class Environment: @unchecked Sendable {
    let handle: OpaquePointer
    public let path: String
    public let readOnly: Bool
    /// What the transactions of every thread share.
    struct Shared {
        var databases: [String: MDB_dbi] = [:]
        /// Where the map shows the file, for read-only environments (see `MapBounds`).
        var bounds: MapBounds?
    }
    let shared = NIOLockedValueBox(Shared())

    /// Opens (and creates, unless read-only) the environment in `path`, a directory.
    ///
    /// A read-only open of a store whose lock file this user may not write goes on without the lock file
    /// (`MDB_NOLOCK`): the reader is then not registered, which is safe while no writer runs.
    public init(path: String, mapSize: Int = 64 << 20, maxDatabases: UInt32 = 16, readOnly: Bool = false, durable: Bool = true) throws {
        var flags = UInt32(MDB_NOTLS)
        if readOnly { flags |= UInt32(MDB_RDONLY) }
        if !durable { flags |= UInt32(MDB_NOSYNC) }
        let env: OpaquePointer
        do {
            env = try Environment.open(path, flags: flags, mapSize: mapSize, maxDatabases: maxDatabases)
        } catch let error as LMDBError where readOnly && error.code == EACCES {
            env = try Environment.open(path, flags: flags | UInt32(MDB_NOLOCK), mapSize: mapSize, maxDatabases: maxDatabases)
        }
        self.handle = env
        self.path = path
        self.readOnly = readOnly
        var dead: Int32 = 0
        mdb_reader_check(env, &dead)
        protectMap()
    }

    private static func open(_ path: String, flags: UInt32, mapSize: Int, maxDatabases: UInt32) throws -> OpaquePointer {
        var env: OpaquePointer?
        try check(mdb_env_create(&env), "mdb_env_create")
        guard let env else { throw LMDBError(code: ENOMEM, function: "mdb_env_create") }
        do {
            try check(mdb_env_set_maxdbs(env, maxDatabases), "mdb_env_set_maxdbs")
            try check(mdb_env_set_mapsize(env, mapSize), "mdb_env_set_mapsize")
            try check(mdb_env_set_maxreaders(env, 126), "mdb_env_set_maxreaders")
            try check(mdb_env_open(env, path, flags, 0o644), "mdb_env_open")
        } catch {
            mdb_env_close(env)
            throw error
        }
        return env
    }

    deinit { mdb_env_close(handle) }

    /// The size of the memory map in bytes.
    public var mapSize: Int {
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        return info.me_mapsize
    }

    /// Grows the map; only safe when no transaction of this process is open.
    ///
    /// The corresponding C function is `mdb_env_set_mapsize`.
    public func setMapSize(_ size: Int) throws {
        try check(mdb_env_set_mapsize(handle, size), "mdb_env_set_mapsize")
        protectMap()
    }

    /// Bytes in use: last used page number times page size.
    public var usedBytes: Int {
        var info = MDB_envinfo()
        var stat = MDB_stat()
        mdb_env_info(handle, &info)
        mdb_env_stat(handle, &stat)
        return (info.me_last_pgno + 1) * Int(stat.ms_psize)
    }

    /// Drops this process's mapping of the map's pages, so a long scan does not grow the resident set.
    ///
    /// The pages stay in the page cache and fault back in on the next read; pointers into the map stay valid.
    /// Only for environments without `MDB_WRITEMAP`, where the map holds no unwritten data.
    public func releaseMappedPages() {
        // liblmdb reports the map's address only for MDB_FIXEDMAP; the kernel's list of mappings always has it.
        guard let maps = fopen("/proc/self/maps", "r") else { return }
        defer { fclose(maps) }
        var resolved = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let directory = realpath(path, &resolved) != nil ? cText(resolved) : path
        let file = directory + "/data.mdb"
        var line = [CChar](repeating: 0, count: 4096)
        while fgets(&line, Int32(line.count), maps) != nil {
            let text = cText(line).trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.hasSuffix(file) || text.hasSuffix(file + " (deleted)") else { continue }
            let range = text.prefix { $0 != " " }.split(separator: "-")
            guard range.count == 2, let start = UInt(range[0], radix: 16), let end = UInt(range[1], radix: 16), end > start,
                  let address = UnsafeMutableRawPointer(bitPattern: start) else { continue }
            madvise(address, Int(end - start), MADV_DONTNEED)
        }
    }

    /// Flushes buffers to disk.
    public func sync() throws { try check(mdb_env_sync(handle, 1), "mdb_env_sync") }

    /// Runs `body` in a read-only transaction; never takes the writer lock.
    public func read<T>(_ body: (Transaction) throws -> T) throws -> T {
        let txn = try Transaction(environment: self, readOnly: true)
        defer { txn.abort() }
        return try body(txn)
    }

    /// Runs `body` in a write transaction: commits on return, aborts on throw. Never await inside.
    ///
    /// When the map is full the transaction is aborted, the map doubled and `body` run again.
    public func write<T>(_ body: (Transaction) throws -> T) throws -> T {
        while true {
            let txn = try Transaction(environment: self, readOnly: false)
            do {
                let result = try body(txn)
                try txn.commit()
                return result
            } catch let error as LMDBError where error.isMapFull {
                txn.abort()
                try setMapSize(mapSize * 2)
            } catch {
                txn.abort()
                throw error
            }
        }
    }

    /// The handle of a named database, opened (and created, in a write transaction) on first use.
    func dbi(_ name: String, in txn: Transaction, create: Bool) throws -> MDB_dbi {
        // Held while opening, so that two threads never open the same database at once.
        try shared.withLockedValue { shared throws -> MDB_dbi in
            if let dbi = shared.databases[name] { return dbi }
            var dbi: MDB_dbi = 0
            let flags = create && !txn.readOnly ? UInt32(MDB_CREATE) : 0
            try check(mdb_dbi_open(txn.handle, name, flags, &dbi), "mdb_dbi_open('\(name)')")
            // A handle opened in a transaction that later aborts is closed by LMDB; only keep handles of read
            // transactions on existing databases and of committed writes (see Transaction.commit).
            txn.openedDatabases.append((name, dbi))
            return dbi
        }
    }

    func remember(_ opened: [(String, MDB_dbi)]) {
        shared.withLockedValue { shared in
            for (name, dbi) in opened { shared.databases[name] = dbi }
        }
    }
}

/// The text of a NUL-terminated C buffer.
func cText(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
