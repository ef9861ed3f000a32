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
/// The corresponding C type is `MDB_env`. liblmdb allows one `MDB_env` per data file and process: a second one
/// would take the lock file's exclusive lock from its own process, initialise the reader table and the writer
/// mutex again, and its close would drop the process's locks for the first. So every `Environment` of one file
/// shares one `Core`: a reader shares whatever is open; a writer shares a writable core, and is refused while the
/// file is open read-only in this process (the caller closes its reader first).
///
/// `@unchecked Sendable`: liblmdb's environment may be used from any thread (opened with `MDB_NOTLS`, so a
/// transaction is not tied to the thread that began it); the only mutable state, the core's `shared`, is under a lock.
public final class Environment: @unchecked Sendable {
    let core: Core
    public let path: String
    /// Whether this environment was opened for reading only; its core may still be writable (shared with a writer).
    public let readOnly: Bool

    // The core's, kept here too: every key and value read checks them, without going through the core.
    let handle: OpaquePointer
    let shared: NIOLockedValueBox<Shared>
    /// Whether the core was opened with `MDB_RDONLY` (and lays the zero overlay).
    let coreReadOnly: Bool

    /// What the transactions of every thread share.
    struct Shared {
        var databases: [String: MDB_dbi] = [:]
        /// Where the map shows the file, for read-only cores (see `MapBounds`).
        var bounds: MapBounds?
    }

    /// The one liblmdb environment of a data file in this process.
    final class Core: @unchecked Sendable {
        let handle: OpaquePointer
        /// The directory it was opened in.
        let path: String
        /// Opened with `MDB_RDONLY`: only such a core lays the zero overlay (see `MapBounds`).
        let readOnly: Bool
        let durable: Bool
        /// The data file's device and inode, what `Core.open` finds it by.
        let file: FileID
        let shared = NIOLockedValueBox(Shared())
        /// Environments using this core; changed under `Core.open`'s lock.
        var users = 0

        init(handle: OpaquePointer, path: String, readOnly: Bool, durable: Bool, file: FileID) {
            self.handle = handle
            self.path = path
            self.readOnly = readOnly
            self.durable = durable
            self.file = file
        }

        /// The cores open in this process (a few: a list, not a dictionary, whose first use costs more than the
        /// search). Opening and closing hold its lock, so two environments of one file never open at once, and
        /// the map a new core takes is the only one of its file.
        static let open = NIOLockedValueBox<[Core]>([])
    }

    struct FileID: Equatable {
        let device: UInt64
        let inode: UInt64

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    /// Opens (and creates, unless read-only) the environment in `path`, a directory.
    ///
    /// A read-only open of a store whose lock file this user may not write goes on without the lock file
    /// (`MDB_NOLOCK`): the reader is then not registered, which is safe while no writer runs.
    public init(path: String, mapSize: Int = 64 << 20, maxDatabases: UInt32 = 16, readOnly: Bool = false, durable: Bool = true) throws {
        self.path = path
        self.readOnly = readOnly
        let core = try Core.open.withLockedValue { open throws -> Core in
            var info = stat()
            if stat(path + "/data.mdb", &info) == 0, let core = open.first(where: { $0.file == FileID(info) }) {
                if !readOnly && core.readOnly {
                    throw LMDBError(code: EBUSY, function: "mdb_env_open('\(path)' for writing while this process reads it)")
                }
                if !readOnly && core.durable != durable {
                    throw LMDBError(code: EBUSY, function: "mdb_env_open('\(path)' with another durability than this process's)")
                }
                core.users += 1
                return core
            }
            var flags = UInt32(MDB_NOTLS)
            if readOnly { flags |= UInt32(MDB_RDONLY) }
            if !durable { flags |= UInt32(MDB_NOSYNC) }
            let env: OpaquePointer
            do {
                env = try Environment.open(path, flags: flags, mapSize: mapSize, maxDatabases: maxDatabases)
            } catch let error as LMDBError where readOnly && error.code == EACCES {
                env = try Environment.open(path, flags: flags | UInt32(MDB_NOLOCK), mapSize: mapSize, maxDatabases: maxDatabases)
            }
            var fd: Int32 = -1
            guard mdb_env_get_fd(env, &fd) == 0, fstat(fd, &info) == 0 else {
                let code = errno
                mdb_env_close(env)
                throw LMDBError(code: code == 0 ? EIO : code, function: "fstat('\(path)/data.mdb')")
            }
            let core = Core(handle: env, path: path, readOnly: readOnly, durable: durable, file: FileID(info))
            core.users = 1
            open.append(core)
            var dead: Int32 = 0
            mdb_reader_check(env, &dead)
            core.protectMap()
            return core
        }
        self.core = core
        handle = core.handle
        shared = core.shared
        coreReadOnly = core.readOnly
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

    /// The last environment of a core closes it.
    deinit {
        let core = core
        Core.open.withLockedValue { open in
            core.users -= 1
            guard core.users == 0 else { return }
            open.removeAll { $0 === core }
            mdb_env_close(core.handle)
        }
    }

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
        core.protectMap()
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
        guard let region = core.mapRegion(), let address = UnsafeMutableRawPointer(bitPattern: region.start) else { return }
        madvise(address, Int(region.end - region.start), MADV_DONTNEED)
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
        // A reader may share a writable core (see `Environment`); it still does not write.
        guard !readOnly else { throw LMDBError(code: EACCES, function: "mdb_txn_begin (opened read-only)") }
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
