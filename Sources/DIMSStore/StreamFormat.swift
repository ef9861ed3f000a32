import DIMSCore

/// The one reader and writer of the event stream format, for `log export`/`log import` (`EventStream`) and the
/// yearly archives (`ArchiveFile`, `ArchivePlan`).
///
/// Uncompressed layout: magic `DIMSLOG` + format version (u8), a header (event count, first and last seq,
/// first and last observed time, as varints), then one frame per event (seq varint, length varint,
/// the record exactly as the log stores it, with its own CRC32), then the trailer: a CRC32 (u32le) over every
/// byte before it.
enum StreamFormat {
    static let magic = Array("DIMSLOG".utf8)
    static let version: UInt8 = 1

    /// The header after the magic and version.
    struct Header: Hashable {
        var count: Int
        var firstSeq: UInt64
        var lastSeq: UInt64
        /// Zero in a stream without events.
        var firstObserved: Timestamp
        var lastObserved: Timestamp

        /// Writes the magic, the version and the header.
        func write(into w: inout ByteWriter) {
            w.raw(StreamFormat.magic)
            w.u8(StreamFormat.version)
            w.varint(UInt64(count))
            w.varint(firstSeq)
            w.varint(lastSeq)
            w.zigzag(firstObserved.micros)
            w.zigzag(lastObserved.micros)
        }
    }

    /// One event's place in the uncompressed bytes: its record starts at `offset` and is `length` bytes long.
    struct Frame: Hashable {
        var seq: UInt64
        var offset: Int
        var length: Int
    }

    /// Appends one event's frame: its seq, the record's length, the record.
    static func frame(seq: UInt64, record: some Collection<UInt8>, into w: inout ByteWriter) {
        w.varint(seq)
        w.varint(UInt64(record.count))
        w.raw(record)
    }

    /// The bytes a frame of `length` record bytes takes, prefixes included.
    static func frameLength(seq: UInt64, length: Int) -> Int {
        varintLength(seq) + varintLength(UInt64(length)) + length
    }

    static func varintLength(_ value: UInt64) -> Int {
        value == 0 ? 1 : (64 - value.leadingZeroBitCount + 6) / 7
    }

    /// Appends the trailer: a CRC32 of every byte before it.
    static func seal(_ w: inout ByteWriter) {
        let sum = w.bytes.withUnsafeBytes { Zlib.crc32($0) }
        w.u32le(sum)
    }

    /// Checks the uncompressed stream in `buffer` and finds its frames: the magic, the version, the checksum of
    /// the whole, the header, each record's CRC32, seqs rising, and the header's count and seq range against the
    /// frames. `fail` makes the error for a detail ("checksum mismatch").
    static func parse(_ buffer: UnsafeRawBufferPointer, fail: (String) -> StoreError) throws(StoreError) -> (header: Header, frames: [Frame]) {
        guard buffer.count >= magic.count + 5, buffer.prefix(magic.count).elementsEqual(magic) else {
            throw fail("it does not start with the DIMSLOG header")
        }
        let body = UnsafeRawBufferPointer(rebasing: buffer[0..<(buffer.count - 4)])
        let stored = buffer.loadUnaligned(fromByteOffset: buffer.count - 4, as: UInt32.self).littleEndian
        guard stored == Zlib.crc32(body) else { throw fail("checksum mismatch") }
        var r = ByteReader(body)
        r.offset = magic.count
        guard let found = r.u8() else { throw fail("no version") }
        guard found <= version else { throw fail("format version \(found) is newer than this dims reads (\(version))") }
        guard let count = r.varint(), let firstSeq = r.varint(), let lastSeq = r.varint(),
              let first = r.zigzag(), let last = r.zigzag() else { throw fail("header cannot be read") }
        var frames: [Frame] = []
        frames.reserveCapacity(Int(min(count, 10_000_000)))
        while r.remaining > 0 {
            guard let seq = r.varint(), let length = r.varint(), length >= 4, length <= UInt64(r.remaining) else {
                throw fail("frame \(frames.count + 1) is cut short")
            }
            let record = UnsafeRawBufferPointer(rebasing: body[r.offset..<(r.offset + Int(length))])
            let recordCRC = record.loadUnaligned(fromByteOffset: record.count - 4, as: UInt32.self).littleEndian
            guard recordCRC == Zlib.crc32(UnsafeRawBufferPointer(rebasing: record[0..<(record.count - 4)])) else {
                throw fail("event \(seq) fails its checksum")
            }
            if let previous = frames.last, previous.seq >= seq { throw fail("event \(seq) is out of seq order") }
            frames.append(Frame(seq: seq, offset: r.offset, length: Int(length)))
            r.offset += Int(length)
        }
        guard frames.count == Int(count) else { throw fail("the header promises \(count) events, the stream holds \(frames.count)") }
        guard frames.isEmpty || (frames.first!.seq == firstSeq && frames.last!.seq == lastSeq) else {
            throw fail("the header's seq range \(firstSeq)...\(lastSeq) does not match its events")
        }
        let header = Header(count: Int(count), firstSeq: firstSeq, lastSeq: lastSeq,
                            firstObserved: Timestamp(micros: first), lastObserved: Timestamp(micros: last))
        return (header, frames)
    }

    /// The observed time of a stored record, read from its header without decoding the payload.
    static func observed(ofRecord record: UnsafeRawBufferPointer) -> Timestamp? {
        var r = ByteReader(record)
        r.offset = 18
        guard r.zigzag() != nil, let observed = r.zigzag() else { return nil }
        return Timestamp(micros: observed)
    }
}
