public import DIMSCore
import Foundation

/// The portable event stream of `log export` and the yearly archives: zlib-compressed, self-describing
/// (the layout is `StreamFormat`'s).
public struct EventStream: Hashable, Sendable {
    public static let magic = StreamFormat.magic
    public static let formatVersion = StreamFormat.version

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
        StreamFormat.Header(count: count, firstSeq: firstSeq, lastSeq: lastSeq, firstObserved: firstObserved ?? Timestamp(micros: 0),
                            lastObserved: lastObserved ?? Timestamp(micros: 0)).write(into: &w)
        for event in events {
            StreamFormat.frame(seq: event.seq, record: EventCodec.encode(event), into: &w)
        }
        StreamFormat.seal(&w)
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
        let result: Result<EventStream, StoreError> = raw.withUnsafeBytes { buffer in
            Result { () throws(StoreError) in try decode(raw: buffer, name: name) }
        }
        return try result.get()
    }

    static func decode(raw buffer: UnsafeRawBufferPointer, name: String) throws(StoreError) -> EventStream {
        func fail(_ detail: String) -> StoreError { StoreError(code: .corruptStream, message: "'\(name)' is damaged: \(detail)") }
        let (header, frames) = try StreamFormat.parse(buffer, fail: fail)
        var events: [LoggedEvent] = []
        events.reserveCapacity(frames.count)
        for frame in frames {
            do {
                events.append(try EventCodec.decode(UnsafeRawBufferPointer(rebasing: buffer[frame.offset..<(frame.offset + frame.length)]), seq: frame.seq))
            } catch {
                throw fail(error.message)
            }
        }
        var stream = EventStream(events: events)
        stream.firstSeq = header.firstSeq
        stream.lastSeq = header.lastSeq
        stream.firstObserved = header.count == 0 ? nil : header.firstObserved
        stream.lastObserved = header.count == 0 ? nil : header.lastObserved
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
