import LMDB

/// The checksum every projection record carries, as events do: `body | crc32(key ‖ body) u32le`.
///
/// The CRC covers the key as well as the value, so a record whose key was damaged (moved to another metric or
/// day) fails its check when read, instead of answering for the wrong metric or day.
enum ProjectionRecord {
    static func seal(_ body: [UInt8], key: [UInt8]) -> [UInt8] {
        var record = body
        var crc = key.withUnsafeBytes { checksum($0) }
        crc = body.withUnsafeBytes { checksum($0, seed: crc) }
        withUnsafeBytes(of: crc.littleEndian) { record.append(contentsOf: $0) }
        return record
    }

    /// The record's body when its checksum matches its key and bytes; nil when either is damaged.
    static func open(_ record: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        guard record.count >= 4 else { return nil }
        let body = UnsafeRawBufferPointer(rebasing: record[0..<(record.count - 4)])
        let stored = record.loadUnaligned(fromByteOffset: record.count - 4, as: UInt32.self).littleEndian
        return checksum(body, seed: checksum(key)) == stored ? body : nil
    }

    static func checksum(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        Zlib.crc32(bytes, seed: seed)
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
    /// The body of a projection record read from `database`, checked against its checksum (stores of schema 2
    /// on); throws `.corruptRecord` naming the database and key when it does not match.
    func body(_ value: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer, in database: String) throws(StoreError) -> UnsafeRawBufferPointer {
        guard sealedProjections else { return value }
        guard let body = ProjectionRecord.open(value, key: key) else { throw ProjectionRecord.damaged(database, key, in: directory) }
        return body
    }
}
