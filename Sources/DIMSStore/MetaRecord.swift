import LMDB

/// The records of the `meta` database: the schema version, the projection watermark, the archive checkpoint, the
/// file stamps and the marks. From schema 3 on each ends in the checksum projection records carry (of key and value,
/// `ProjectionRecord`: CRC-32 in schema 3, CRC-32C from 4), so damage to any of them is named instead of believed.
///
/// The database holds a handful of records, so every open checks them all (`damagedKey`): a record whose key was
/// damaged, which no read by name would meet, is found there too.
enum MetaRecord {
    static let schema = Array("schema".utf8)
    static let projected = Array("projected".utf8)

    /// The schema version stored in `meta`, nil when none: 4 bytes before schema 3, sealed from 3 on.
    ///
    /// A 4-byte record claiming schema 3 or later, or a sealed one failing the checksum its version implies, is damage.
    static func schemaVersion(_ txn: Transaction, _ meta: Database, in directory: String) throws -> UInt32? {
        try schema.withUnsafeBytes { key in
            guard let value = try txn.get(key, in: meta) else { return nil }
            guard let version = version(value, key: key) else { throw ProjectionRecord.damaged(Layout.meta, key, in: directory) }
            return version
        }
    }

    /// The version a schema record `value` holds, nil when it is damaged.
    static func version(_ value: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer) -> UInt32? {
        if value.count == 4, case let version = value.loadUnaligned(as: UInt32.self).littleEndian, version <= 2 { return version }
        guard value.count == 8 else { return nil }
        for checksum in [RecordChecksum.crc32c, .crc32] {
            if let body = ProjectionRecord.open(value, key: key, checksum), case let version = body.loadUnaligned(as: UInt32.self).littleEndian,
               version >= 3, RecordChecksum(schema: version) == checksum {
                return version
            }
        }
        return nil
    }

    /// The key of the first record of `meta` whose checksum fails (the schema record checked by `schemaVersion`).
    static func damagedKey(_ txn: Transaction, _ meta: Database, _ checksum: RecordChecksum) throws -> [UInt8]? {
        try txn.withCursor(meta) { cursor in
            for (key, value) in cursor.entries() where !key.elementsEqual(schema) {
                if ProjectionRecord.open(value, key: key, checksum) == nil { return Array(key) }
            }
            return nil
        }
    }
}

extension EventLog {
    /// The body of the `meta` record `key`, its checksum checked (stores of schema 3 on); nil when absent.
    /// Throws `.corruptRecord` naming the database and key when it does not match.
    func metaRecord(_ key: [UInt8], _ txn: Transaction, _ meta: Database) throws -> [UInt8]? {
        try key.withUnsafeBytes { k in
            guard let value = try txn.get(k, in: meta) else { return nil }
            // A store of schema 2 has unsealed records, unless a writer has brought it to schema 4 since this log
            // opened it: then they end in their CRC-32C (a raw record ending in its own CRC-32C by chance: 2^-32).
            guard sealedMeta else { return Array(ProjectionRecord.open(value, key: k, .crc32c) ?? value) }
            guard let body = ProjectionRecord.open(value, key: k, checksum) else { throw ProjectionRecord.damaged(Layout.meta, k, in: directory) }
            return Array(body)
        }
    }

    /// Writes the `meta` record `key` with its checksum (a writable open has brought the store to the current schema).
    func putMetaRecord(_ key: [UInt8], _ body: [UInt8], _ txn: Transaction, _ meta: Database) throws {
        try txn.put(key, ProjectionRecord.seal(body, key: key), in: meta)
    }

    /// Writes the `meta` records `records` (key, body) with their checksums, in one transaction.
    func putMetaRecords(_ records: [([UInt8], [UInt8])]) throws(StoreError) {
        try wrap("write \(records.count) records of 'meta'") {
            try write { txn, h in for (key, body) in records { try putMetaRecord(key, body, txn, h.meta) } }
        }
    }

    /// The archive checkpoint stored in `meta`, empty when nothing was ever archived.
    func archiveCheckpoint(_ txn: Transaction, _ meta: Database) throws -> ArchiveCheckpoint {
        guard let body = try metaRecord(ArchiveCheckpoint.key, txn, meta) else { return ArchiveCheckpoint() }
        guard let checkpoint = body.withUnsafeBytes({ ArchiveCheckpoint.decode($0) }) else {
            throw StoreError(code: .corruptRecord, message: "The archive checkpoint (record 'archived' of 'meta') of '\(directory)' cannot be read; run 'dims log salvage'")
        }
        return checkpoint
    }

    /// Brings the records of a store of schema `stored` to the current schema, in the open write transaction:
    /// checksums on the projection records (schema 2) and on every record of `meta` (schema 3), CRC-32C instead of
    /// CRC-32 on all of them (schema 4). A record failing its old checksum is damage, never sealed anew.
    func upgrade(from stored: UInt32, _ txn: Transaction, _ h: Handles) throws {
        for name in Layout.projections + [Layout.approvals, Layout.meta] {
            let db = name == Layout.meta ? h.meta : name == Layout.approvals ? try txn.require(name) : h.projection(name)
            var records: [([UInt8], [UInt8])] = []
            try txn.withCursor(db) { cursor in
                for (key, value) in cursor.entries() {
                    // The schema record is written anew below.
                    if name == Layout.meta && key.elementsEqual(MetaRecord.schema) { continue }
                    // Schema 2 sealed the projections and the watermark; schema 3 every record of `meta` too.
                    let sealed = name == Layout.meta ? stored >= 3 || (stored == 2 && key.elementsEqual(MetaRecord.projected)) : stored >= 2
                    guard sealed else {
                        records.append((Array(key), Array(value)))
                        continue
                    }
                    guard let body = ProjectionRecord.open(value, key: key, RecordChecksum(schema: stored)) else {
                        throw ProjectionRecord.damaged(name, key, in: directory)
                    }
                    records.append((Array(key), Array(body)))
                }
            }
            for (key, value) in records { try txn.put(key, ProjectionRecord.seal(value, key: key), in: db) }
        }
        var w = ByteWriter()
        w.u32le(Layout.schemaVersion)
        try putMetaRecord(MetaRecord.schema, w.bytes, txn, h.meta)
    }
}
