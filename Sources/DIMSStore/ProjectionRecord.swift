import CCRC32C
import LMDB

/// The checksum a store's projection and `meta` records end in: CRC-32C from schema 4, computed by the CPU's crc32
/// instruction where there is one (a few instructions per 8 bytes: reads check every record they use); zlib's
/// CRC-32 in stores of schemas 2 and 3, which a writable open re-seals.
enum RecordChecksum: Sendable {
    case crc32, crc32c

    /// The checksum the records of a store of schema `schema` carry (when they carry one).
    init(schema: UInt32) { self = schema >= 4 ? .crc32c : .crc32 }

    /// The checksum of `bytes`, continuing from `seed` (the checksum of the bytes before them).
    @inline(__always)
    func of(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        switch self {
        case .crc32c: dims_crc32c(seed, bytes.baseAddress, bytes.count)
        case .crc32: Zlib.crc32(bytes, seed: seed)
        }
    }
}

/// The checksum every projection record carries, as events do: `body | checksum(key ‖ body) u32le`.
///
/// The checksum covers the key as well as the value, so a record whose key was damaged (moved to another metric or
/// day) fails its check when read, instead of answering for the wrong metric or day. Records are always sealed with
/// the current checksum (a writable open brings older stores to it); reads take the store's (`RecordChecksum`).
enum ProjectionRecord {
    /// `body` followed by the checksum of `key` and `body` (appended in place: the body is consumed, not copied).
    static func seal(_ body: consuming [UInt8], key: [UInt8]) -> [UInt8] {
        var record = body
        let crc = record.withUnsafeBytes { body in key.withUnsafeBytes { RecordChecksum.crc32c.of(body, seed: RecordChecksum.crc32c.of($0)) } }
        withUnsafeBytes(of: crc.littleEndian) { record.append(contentsOf: $0) }
        return record
    }

    /// The record's body when its checksum (`checksum`, the store's) matches its key and bytes; nil when either is damaged.
    @inline(__always)
    static func open(_ record: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer, _ checksum: RecordChecksum) -> UnsafeRawBufferPointer? {
        guard record.count >= 4 else { return nil }
        let body = UnsafeRawBufferPointer(rebasing: record[0..<(record.count - 4)])
        let stored = record.loadUnaligned(fromByteOffset: record.count - 4, as: UInt32.self).littleEndian
        if checksum.of(body, seed: checksum.of(key)) == stored { return body }
        // A store brought to CRC-32C by a writer while this reader had it open: its records are sealed with it now.
        if checksum == .crc32, RecordChecksum.crc32c.of(body, seed: RecordChecksum.crc32c.of(key)) == stored { return body }
        return nil
    }

    /// A key for messages: its text, with the separator shown as `·` and other bytes in hex.
    static func describe(_ key: UnsafeRawBufferPointer) -> String {
        var text = ""
        for byte in key {
            switch byte {
            case 0: text += "·"
            case 0x21...0x7E: text.append(Character(UnicodeScalar(byte)))
            default: text += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }
        }
        return text
    }

    static func damaged(_ database: String, _ key: UnsafeRawBufferPointer, in directory: String? = nil) -> StoreError {
        let store = directory.map { " of '\($0)'" } ?? ""
        return StoreError(code: .corruptRecord, message: "The record '\(describe(key))' of '\(database)'\(store) is damaged: its checksum does not match its key and value; run 'dims log salvage'")
    }
}

extension EventLog {
    /// The checksum projection records carry in this store, nil for a store of schema 1 (unsealed).
    var projectionChecksum: RecordChecksum? { sealedProjections ? checksum : nil }

    /// The body of a projection record read from `database`, checked against its checksum (stores of schema 2
    /// on); throws `.corruptRecord` naming the database and key when it does not match.
    func body(_ value: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer, in database: String) throws(StoreError) -> UnsafeRawBufferPointer {
        guard let checksum = projectionChecksum else { return value }
        guard let body = ProjectionRecord.open(value, key: key, checksum) else { throw ProjectionRecord.damaged(database, key, in: directory) }
        return body
    }
}
