import CZlib
import DIMSCore
import Foundation

/// One yearly archive, `archive/YYYY.dimslog.z`: an `EventStream` holding the archived events observed that year.
///
/// The file holds a set of seqs in ascending order, not necessarily a range (imports carry old observed
/// times); its header carries the count, the lowest and highest seq and the first and last observed time, and
/// its trailer a CRC32 of the whole. `log import` reads it like any export.
struct ArchiveFile {
    /// One event's place in the uncompressed bytes.
    struct Frame {
        var seq: UInt64
        var offset: Int
        var length: Int
    }

    let path: String
    /// The uncompressed stream.
    let raw: [UInt8]
    let frames: [Frame]
    let firstObserved: Timestamp?
    let lastObserved: Timestamp?

    /// zlib level 4: 3 % larger than level 6 on event streams, and twice as fast.
    static let compressionLevel: Int32 = 4

    static func name(year: Int) -> String { "\(year).dimslog.z" }

    /// The year a file name stands for, or nil for any other file.
    static func year(ofName name: String) -> Int? {
        guard name.hasSuffix(".dimslog.z") else { return nil }
        let stem = name.dropLast(".dimslog.z".count)
        guard stem.count == 4, stem.allSatisfy(\.isASCII) else { return nil }
        return Int(stem)
    }

    // MARK: - Reading

    /// Reads, inflates and checks the file at `path`: the checksum of the whole, the header and every record's CRC.
    static func load(_ path: String) throws(StoreError) -> ArchiveFile {
        try parse(try inflate(path), path: path)
    }

    /// The uncompressed bytes of the file at `path`, unchecked.
    static func inflate(_ path: String) throws(StoreError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read" : "it is missing"
            throw StoreError(code: .corruptStream, message: "The archive '\(path)' cannot be used: \(reason)")
        }
        do {
            return try Zlib.inflate(Array(data))
        } catch {
            throw StoreError(code: .corruptStream, message: "The archive '\(path)' is damaged: \(error.message)")
        }
    }

    static func parse(_ raw: [UInt8], path: String) throws(StoreError) -> ArchiveFile {
        func fail(_ detail: String) -> StoreError { StoreError(code: .corruptStream, message: "The archive '\(path)' is damaged: \(detail)") }
        let magic = EventStream.magic
        guard raw.count >= magic.count + 5, raw.prefix(magic.count).elementsEqual(magic) else { throw fail("it does not start with the DIMSLOG header") }
        let result: Result<ArchiveFile, StoreError> = raw.withUnsafeBytes { buffer in
            let body = UnsafeRawBufferPointer(rebasing: buffer[0..<(buffer.count - 4)])
            let stored = buffer.loadUnaligned(fromByteOffset: buffer.count - 4, as: UInt32.self).littleEndian
            guard stored == crc(body) else { return .failure(fail("checksum mismatch")) }
            var r = ByteReader(body)
            r.offset = magic.count
            guard let version = r.u8(), version <= EventStream.formatVersion else { return .failure(fail("unknown format version")) }
            guard let count = r.varint(), let firstSeq = r.varint(), let lastSeq = r.varint(),
                  let first = r.zigzag(), let last = r.zigzag() else { return .failure(fail("header cannot be read")) }
            var frames: [Frame] = []
            frames.reserveCapacity(Int(min(count, 10_000_000)))
            while r.remaining > 0 {
                guard let seq = r.varint(), let length = r.varint(), length >= 4, length <= UInt64(r.remaining) else {
                    return .failure(fail("frame \(frames.count + 1) is cut short"))
                }
                let record = UnsafeRawBufferPointer(rebasing: body[r.offset..<(r.offset + Int(length))])
                let recordCRC = record.loadUnaligned(fromByteOffset: record.count - 4, as: UInt32.self).littleEndian
                guard recordCRC == crc(UnsafeRawBufferPointer(rebasing: record[0..<(record.count - 4)])) else {
                    return .failure(fail("event \(seq) fails its checksum"))
                }
                if let previous = frames.last, previous.seq >= seq { return .failure(fail("event \(seq) is out of seq order")) }
                frames.append(Frame(seq: seq, offset: r.offset, length: Int(length)))
                r.offset += Int(length)
            }
            guard frames.count == Int(count) else { return .failure(fail("the header promises \(count) events, the file holds \(frames.count)")) }
            guard frames.isEmpty || (frames.first!.seq == firstSeq && frames.last!.seq == lastSeq) else {
                return .failure(fail("the header's seq range \(firstSeq)...\(lastSeq) does not match its events"))
            }
            return .success(ArchiveFile(path: path, raw: raw, frames: frames,
                                        firstObserved: count == 0 ? nil : Timestamp(micros: first),
                                        lastObserved: count == 0 ? nil : Timestamp(micros: last)))
        }
        return try result.get()
    }

    /// Decodes the event of `frame`.
    func event(_ frame: Frame) throws(StoreError) -> LoggedEvent {
        let result: Result<LoggedEvent, StoreError> = raw.withUnsafeBytes { buffer in
            Result { () throws(StoreError) in
                try EventCodec.decode(UnsafeRawBufferPointer(rebasing: buffer[frame.offset..<(frame.offset + frame.length)]), seq: frame.seq)
            }
        }
        do {
            return try result.get()
        } catch {
            throw StoreError(code: .corruptStream, message: "The archive '\(path)' is damaged: \(error.message)")
        }
    }

    // MARK: - Writing

    /// Writes the stream's magic, version and header.
    static func header(count: Int, firstSeq: UInt64, lastSeq: UInt64, firstObserved: Timestamp, lastObserved: Timestamp, into w: inout ByteWriter) {
        w.raw(EventStream.magic)
        w.u8(EventStream.formatVersion)
        w.varint(UInt64(count))
        w.varint(firstSeq)
        w.varint(lastSeq)
        w.zigzag(firstObserved.micros)
        w.zigzag(lastObserved.micros)
    }

    /// Appends the trailer: a CRC32 of every byte before it.
    static func seal(_ w: inout ByteWriter) {
        let sum = w.bytes.withUnsafeBytes { crc($0) }
        w.u32le(sum)
    }

    static func crc(_ buffer: UnsafeRawBufferPointer) -> UInt32 {
        UInt32(crc32(0, buffer.bindMemory(to: UInt8.self).baseAddress, uInt(buffer.count)))
    }

    /// The observed time of a stored record, read from its header without decoding the payload.
    static func observed(ofRecord record: UnsafeRawBufferPointer) -> Timestamp? {
        var r = ByteReader(record)
        r.offset = 18
        guard r.zigzag() != nil, let observed = r.zigzag() else { return nil }
        return Timestamp(micros: observed)
    }
}
