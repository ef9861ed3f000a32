public import DIMSCore
import CZlib
import Foundation

/// The portable event stream of `log export` and the yearly archives: zlib-compressed, self-describing.
///
/// Uncompressed layout: magic `DIMSLOG` + format version (u8), a header (event count, first and last seq,
/// first and last observed time, as varints), then one frame per event (seq varint, length varint,
/// the record exactly as the log stores it, with its own CRC32), then the trailer: a CRC32 (u32le) over every
/// byte before it. The whole is one zlib stream.
public struct EventStream: Hashable, Sendable {
    public static let magic = Array("DIMSLOG".utf8)
    public static let formatVersion: UInt8 = 1

    public var count: Int
    public var firstSeq: UInt64
    public var lastSeq: UInt64
    public var firstObserved: Timestamp?
    public var lastObserved: Timestamp?
    public var events: [LoggedEvent]

    public init(events: [LoggedEvent]) {
        self.events = events
        count = events.count
        firstSeq = events.first?.seq ?? 0
        lastSeq = events.last?.seq ?? 0
        firstObserved = events.map(\.observed).min()
        lastObserved = events.map(\.observed).max()
    }

    /// The uncompressed bytes.
    public func encoded() -> [UInt8] {
        var w = ByteWriter(capacity: 64 + events.count * 80)
        w.raw(EventStream.magic)
        w.u8(EventStream.formatVersion)
        w.varint(UInt64(count))
        w.varint(firstSeq)
        w.varint(lastSeq)
        w.zigzag(firstObserved?.micros ?? 0)
        w.zigzag(lastObserved?.micros ?? 0)
        for event in events {
            let record = EventCodec.encode(event)
            w.varint(event.seq)
            w.varint(UInt64(record.count))
            w.raw(record)
        }
        let crc = w.bytes.withUnsafeBytes { crc32(0, $0.bindMemory(to: UInt8.self).baseAddress, uInt($0.count)) }
        w.u32le(UInt32(crc))
        return w.bytes
    }

    /// Compressed bytes, ready to write.
    public func compressed(level: Int32 = 6) throws(StoreError) -> [UInt8] {
        try Zlib.deflate(encoded(), level: level)
    }

    /// Reads a compressed stream; `name` (a file path) appears in every error.
    public static func decode(compressed data: [UInt8], name: String) throws(StoreError) -> EventStream {
        let raw: [UInt8]
        do {
            raw = try Zlib.inflate(data)
        } catch {
            throw StoreError(code: .corruptStream, message: "'\(name)' is not a complete event stream: \(error.message)")
        }
        do {
            return try raw.withUnsafeBytes { try decode(raw: $0, name: name) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(code: .corruptStream, message: "'\(name)' cannot be read: \(error)")
        }
    }

    static func decode(raw buffer: UnsafeRawBufferPointer, name: String) throws(StoreError) -> EventStream {
        func fail(_ detail: String) -> StoreError { StoreError(code: .corruptStream, message: "'\(name)' is damaged: \(detail)") }
        guard buffer.count >= magic.count + 5, buffer.prefix(magic.count).elementsEqual(magic) else { throw fail("it does not start with the DIMSLOG header") }
        let body = UnsafeRawBufferPointer(rebasing: buffer[0..<(buffer.count - 4)])
        let stored = buffer.loadUnaligned(fromByteOffset: buffer.count - 4, as: UInt32.self).littleEndian
        let computed = UInt32(crc32(0, body.bindMemory(to: UInt8.self).baseAddress, uInt(body.count)))
        guard stored == computed else { throw fail("checksum mismatch") }
        var r = ByteReader(body)
        r.offset = magic.count
        guard let version = r.u8() else { throw fail("no version") }
        guard version <= formatVersion else { throw fail("format version \(version) is newer than this dims reads (\(formatVersion))") }
        guard let count = r.varint(), let firstSeq = r.varint(), let lastSeq = r.varint(),
              let firstObserved = r.zigzag(), let lastObserved = r.zigzag() else { throw fail("header cannot be read") }
        var events: [LoggedEvent] = []
        events.reserveCapacity(Int(min(count, 10_000_000)))
        while r.remaining > 0 {
            guard let seq = r.varint(), let length = r.varint(), length <= UInt64(r.remaining) else {
                throw fail("frame \(events.count + 1) is cut short")
            }
            let record = UnsafeRawBufferPointer(rebasing: body[r.offset..<(r.offset + Int(length))])
            r.offset += Int(length)
            do {
                events.append(try EventCodec.decode(record, seq: seq))
            } catch {
                throw fail(error.message)
            }
        }
        guard events.count == Int(count) else { throw fail("the header promises \(count) events, the stream holds \(events.count)") }
        var stream = EventStream(events: events)
        stream.firstSeq = firstSeq
        stream.lastSeq = lastSeq
        stream.firstObserved = count == 0 ? nil : Timestamp(micros: firstObserved)
        stream.lastObserved = count == 0 ? nil : Timestamp(micros: lastObserved)
        return stream
    }
}

extension EventLog {
    /// Writes every event to `path` as a compressed event stream, atomically. Returns the number of events.
    @discardableResult
    public func export(to path: String) throws(StoreError) -> Int {
        let events: [LoggedEvent] = try wrap("read the log") { try entries() }
        try AtomicFile.write(try EventStream(events: events).compressed(), to: path)
        return events.count
    }

    /// Appends the events of the stream at `path` that the log does not hold yet (by id), in one transaction.
    /// Returns (events in the file, events added, added events of a kind or version this build cannot read).
    @discardableResult
    public func importStream(from path: String) throws(StoreError) -> (read: Int, added: Int, unreadable: Int) {
        let data: [UInt8]
        do {
            data = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw StoreError(code: .io, message: "Cannot read '\(path)': \(error.localizedDescription)")
        }
        let stream = try EventStream.decode(compressed: data, name: path)
        let added = try append(stream.events)
        let unreadable = added.filter { if case .unknown = $0.event { true } else { false } }.count
        return (stream.events.count, added.count, unreadable)
    }
}
