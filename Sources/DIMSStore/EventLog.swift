public import DIMSCore
import Foundation
import LMDB
#if canImport(Glibc)
import Glibc
#endif

/// The append-only event log in one LMDB environment, with its indexes and projections.
///
/// Appends are one write transaction per batch: events, index entries and projection updates commit
/// together or not at all. Readers never take the writer lock. No transaction spans any other I/O.
///
/// `@unchecked Sendable`: `sealedProjections`, `sealedMeta` and `checksum` are set once, at the end of `init`, before the log can be shared; the
/// rest is immutable, and the `Environment` may be used from any thread.
public final class EventLog: @unchecked Sendable {
    public let directory: String
    let env: Environment
    public var readOnly: Bool { env.readOnly }
    /// Whether projection records carry checksums (schema 2 on; a writable open adds them to older stores).
    private(set) var sealedProjections = true
    /// Whether the records of `meta` carry checksums (schema 3 on).
    private(set) var sealedMeta = true
    /// The checksum sealed records carry: CRC-32C from schema 4, CRC-32 before.
    private(set) var checksum = RecordChecksum.crc32c
    /// Whether reads check the structure of the pages they walk (see `init`).
    let checked: Bool

    /// Opens the log in `directory`, creating it unless `readOnly`.
    ///
    /// A read-only open of a directory that holds no store yet throws `.unavailable`; callers treat that as an empty log.
    ///
    /// The structure of the pages is checked first (every tree for a writer, the projections for a reader), unless
    /// `checked` is false (`log verify`, which reports the damage itself).
    public init(directory: String, readOnly: Bool = false, mapSize: Int = 1 << 30, durable: Bool = true, checked: Bool = true) throws(StoreError) {
        self.directory = directory
        self.checked = checked
        let fm = FileManager.default
        try StoreDirectory.checkShape(directory)
        if !readOnly, let damage = StoreDirectory.damage(directory) {
            throw StoreError(code: .damaged, message: "The event log at '\(directory)' failed its last check (\(damage)); nothing was written to it. Run 'dims log salvage' to rebuild it from its intact events")
        }
        if !readOnly {
            do {
                try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw StoreError(code: .unavailable, message: "Cannot create the store directory '\(directory)': \(error.localizedDescription)")
            }
        } else if !fm.fileExists(atPath: directory + "/data.mdb") {
            throw StoreError(code: .unavailable, message: "No event log at '\(directory)'")
        }
        if checked, fm.fileExists(atPath: StoreDirectory.dataFile(directory)) { try EventLog.checkMeta(directory: directory) }
        do {
            env = try Environment(path: directory, mapSize: mapSize, maxDatabases: 16, readOnly: readOnly, durable: durable)
        } catch {
            let reason = StoreDirectory.permissionProblem(directory, write: !readOnly).map { "\(error): \($0)" } ?? "\(error)"
            throw StoreError(code: .unavailable, message: "Cannot open the event log at '\(directory)': \(reason)")
        }
        // The schema is read from `meta` below: its page is checked even when the caller checks the rest itself.
        if !checked { try checkStructure(only: [Layout.meta]) }
        let schema: UInt32
        if !readOnly {
            if checked { try checkStructure() }
            schema = try prepare()
        } else {
            if checked { try checkStructure(only: Set(Layout.projections + [Layout.approvals, Layout.meta])) }
            schema = try checkSchema()
        }
        sealedProjections = schema >= 2
        sealedMeta = schema >= 3
        checksum = RecordChecksum(schema: schema)
    }

    /// Brings a writer's store to this schema (written into a new store, an older one upgraded) and checks the records
    /// of `meta` as `checkSchema` does, in one transaction: the schema it has then. A damaged record leaves the store
    /// as it was.
    private func prepare() throws(StoreError) -> UInt32 {
        try wrap("prepare the store") {
            try committing { txn in
                let h = try Handles(txn)
                let stored = try MetaRecord.schemaVersion(txn, h.meta, in: directory)
                if let stored, stored > Layout.schemaVersion { throw newerSchema(stored) }
                if let stored, stored < Layout.schemaVersion {
                    try upgrade(from: stored, txn, h)
                } else if stored == nil {
                    var w = ByteWriter()
                    w.u32le(Layout.schemaVersion)
                    try putMetaRecord(MetaRecord.schema, w.bytes, txn, h.meta)
                }
                if checked, let key = try MetaRecord.damagedKey(txn, h.meta, RecordChecksum(schema: Layout.schemaVersion)) {
                    throw key.withUnsafeBytes { ProjectionRecord.damaged(Layout.meta, $0, in: directory) }
                }
                return Layout.schemaVersion
            }
        }
    }

    private func newerSchema(_ version: UInt32) -> StoreError {
        StoreError(code: .newerSchema, message: "The event log at '\(directory)' has schema \(version); this dims reads up to \(Layout.schemaVersion)")
    }

    /// A reader's store's schema version; from schema 3 on, every record of `meta` is checked here too (unless
    /// `checked` is false: `log verify` reports them itself).
    private func checkSchema() throws(StoreError) -> UInt32 {
        let version: UInt32? = try wrap("read the schema version") {
            try env.read { txn in
                guard let meta = try txn.database(Layout.meta) else { return nil }
                let version = try MetaRecord.schemaVersion(txn, meta, in: directory)
                if checked, (version ?? Layout.schemaVersion) >= 3,
                   let key = try MetaRecord.damagedKey(txn, meta, RecordChecksum(schema: version ?? Layout.schemaVersion)) {
                    throw key.withUnsafeBytes { ProjectionRecord.damaged(Layout.meta, $0, in: directory) }
                }
                return version
            }
        }
        if let version, version > Layout.schemaVersion { throw newerSchema(version) }
        return version ?? Layout.schemaVersion
    }

    /// Bytes the environment occupies on disk.
    public var sizeOnDisk: Int {
        var info = stat()
        return stat(directory + "/data.mdb", &info) == 0 ? Int(info.st_size) : 0
    }

    // MARK: - Append

    /// Appends `events` in one transaction, assigning gapless sequence numbers; events whose id is already
    /// in the log are skipped. Returns the events appended, with their seqs.
    @discardableResult
    public func append(_ events: [LoggedEvent]) throws(StoreError) -> [LoggedEvent] {
        try append(events, precondition: nil)
    }

    /// Appends `events` as `append(_:)` does, after `precondition` passed inside the same write transaction.
    func append(_ events: [LoggedEvent], precondition: ((Transaction, Handles) throws -> Void)?) throws(StoreError) -> [LoggedEvent] {
        guard !events.isEmpty else { return [] }
        return try wrap("append \(events.count) events") {
            try committing { txn in
                let h = try Handles(txn)
                try precondition?(txn, h)
                var next = try lastSeq(txn, h) + 1
                // The record appends follow must be sound: a damaged one means a damaged page.
                try txn.withCursor(h.events) { cursor in
                    if let (key, value) = try cursor.last() { _ = try EventCodec.decode(value, seq: key.u64be(at: 0)) }
                }
                let writer = ProjectionWriter(txn: txn, handles: h)
                var appended: [LoggedEvent] = []
                appended.reserveCapacity(events.count)
                var seen = Set<EventID>()
                for var entry in events {
                    let idKey = Keys.id(entry.id)
                    guard seen.insert(entry.id).inserted, try txn.get(idKey, in: h.byID) == nil else { continue }
                    if case .approvalRequested = entry.event { entry = try writer.approvals().numbered(entry) }
                    entry.seq = next
                    next += 1
                    let seqKey = Keys.seq(entry.seq)
                    try txn.put(seqKey, EventCodec.encode(entry), in: h.events, append: true)
                    try txn.put(idKey, seqKey, in: h.byID)
                    try txn.put(Keys.timeSeq(entry.observed, entry.seq), [], in: h.byTime)
                    if let metric = entry.event.metric {
                        try txn.put(Keys.metricTime(metric, entry.observed, entry.seq), [EventCodec.kind(of: entry.event)], in: h.byMetric)
                    }
                    try writer.apply(entry)
                    appended.append(entry)
                }
                try writer.flush()
                if let last = appended.last { try setProjected(last.seq, txn, h) }
                return appended
            }
        }
    }

    func lastSeq(_ txn: Transaction, _ h: Handles) throws -> UInt64 {
        // A log whose every event is archived goes on after its archives.
        try txn.withCursor(h.events) { cursor in try cursor.last().map { $0.key.u64be(at: 0) } } ?? archiveCheckpoint(txn, h.meta).through
    }

    func setProjected(_ seq: UInt64, _ txn: Transaction, _ h: Handles) throws {
        var w = ByteWriter()
        w.u64le(seq)
        try putMetaRecord(MetaRecord.projected, w.bytes, txn, h.meta)
    }

    /// The sequence number of the last event, 0 for an empty log.
    public func lastSeq() throws(StoreError) -> UInt64 {
        try wrap("read the last sequence number") {
            try env.read { txn in
                guard let events = try txn.database(Layout.events) else { return 0 }
                return try txn.withCursor(events) { try $0.last().map { $0.key.u64be(at: 0) } } ?? archiveCheckpoint(txn, try txn.require(Layout.meta)).through
            }
        }
    }

    // MARK: - Reading events

    /// Calls `body` with every event from `seq` on, in order, until it returns false.
    ///
    /// A damaged record throws `.corruptRecord` naming its seq, unless `skipDamaged` collects it instead.
    public func scan(from seq: UInt64 = 1, _ body: (LoggedEvent) throws -> Bool) throws {
        // The part of the events tree the scan reads is checked first: a damaged node there can make liblmdb fault.
        if checked { try checkStructure(only: [Layout.events], from: seq > 1 ? Keys.seq(seq) : nil) }
        try read { txn, h in
            try txn.withCursor(h.events) { cursor in
                var previous: UInt64?
                for (key, value) in cursor.entries(from: Keys.seq(seq)) {
                    let event = try EventCodec.decode(value, seq: try Keys.seq(of: key, after: previous))
                    previous = event.seq
                    guard try body(event) else { return }
                }
            }
        }
    }

    /// Every event, in seq order.
    public func entries(from seq: UInt64 = 1) throws -> [LoggedEvent] {
        var result: [LoggedEvent] = []
        try scan(from: seq) { result.append($0); return true }
        return result
    }

    /// The event with sequence number `seq`, if any.
    public func event(_ seq: UInt64) throws -> LoggedEvent? {
        try read { txn, h in
            try Keys.seq(seq).withUnsafeBytes { key in
                try txn.get(key, in: h.events).map { try EventCodec.decode($0, seq: seq) }
            }
        }
    }

    /// Runs `body` in a read transaction with every database handle; an empty store reads as empty.
    func read<T>(_ body: (Transaction, Handles) throws -> T) throws -> T {
        try wrap("read the log") { try env.read { txn in
            guard try txn.database(Layout.events) != nil else {
                throw StoreError(code: .unavailable, message: "The event log at '\(directory)' is empty")
            }
            return try body(txn, try Handles(txn))
        } }
    }

    func write<T>(_ body: (Transaction, Handles) throws -> T) throws -> T {
        try committing { txn in try body(txn, try Handles(txn)) }
    }

    /// Maps LMDB and other errors to `StoreError` with what was being done.
    func wrap<T>(_ doing: String, _ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch let error as LMDBError {
            if error.isCorrupted {
                throw StoreError(code: .damaged, message: "The event log at '\(directory)' is damaged: \(error) while trying to \(doing); run 'dims log verify' to locate it and 'dims log salvage' to rebuild the store")
            }
            if error.isWriteFailure, let full = StoreDirectory.spaceProblem(directory) {
                throw StoreError(code: .unavailable, message: "Cannot \(doing) in '\(directory)': \(full); nothing was written")
            }
            let permission = error.isReadOnlyFileSystem ? StoreDirectory.permissionProblem(directory, write: true).map { ": \($0)" } ?? "" : ""
            let code: StoreError.Code = error.isReadOnlyFileSystem ? .unavailable : .lmdb
            throw StoreError(code: code, message: "Cannot \(doing) in '\(directory)': \(error)\(permission)")
        } catch {
            throw StoreError(code: .io, message: "Cannot \(doing) in '\(directory)': \(error)")
        }
    }
}
