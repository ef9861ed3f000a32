import DIMSCore
import LMDB

/// The events one `dims archive` run moves: the live prefix observed before the cut-off, as raw frames per year.
///
/// Records are copied as the log stores them (their CRC checked on the way), never decoded and re-encoded.
struct ArchivePlan {
    /// One year's share of the prefix.
    struct Year {
        var frames = ByteWriter(capacity: 1 << 20)
        var events = 0
        var firstSeq: UInt64 = 0
        var lastSeq: UInt64 = 0
        var firstObserved = Timestamp(micros: .max)
        var lastObserved = Timestamp(micros: .min)
    }

    let cutoff: Timestamp
    private(set) var years: [Int: Year] = [:]
    private(set) var firstSeq: UInt64?
    private(set) var lastSeq: UInt64 = 0
    private(set) var firstObserved: Timestamp?

    /// Reads the live prefix observed before `cutoff`.
    init(cutoff: Timestamp, _ txn: Transaction, _ h: Handles) throws {
        self.cutoff = cutoff
        var yearOfDay: (day: Int32, year: Int) = (.min, 0)
        try txn.withCursor(h.events) { cursor in
            var entry = try cursor.first()
            while let (key, record) = entry {
                let seq = key.u64be(at: 0)
                guard record.count > 22, let observed = ArchiveFile.observed(ofRecord: record) else {
                    throw StoreError.corrupt(seq: seq, "header cannot be read")
                }
                let stored = record.loadUnaligned(fromByteOffset: record.count - 4, as: UInt32.self).littleEndian
                guard stored == ArchiveFile.crc(UnsafeRawBufferPointer(rebasing: record[0..<(record.count - 4)])) else {
                    throw StoreError.corrupt(seq: seq, "checksum mismatch; run 'dims log verify'")
                }
                guard observed < cutoff else { return }
                let day = observed.day
                if day.daysSince1970 != yearOfDay.day { yearOfDay = (day.daysSince1970, day.year) }
                if firstSeq == nil { firstSeq = seq }
                lastSeq = seq
                firstObserved = min(firstObserved ?? observed, observed)
                years[yearOfDay.year, default: Year()].add(seq: seq, observed: observed, record: record)
                entry = try cursor.next()
            }
        }
    }

    /// The uncompressed stream of `year`'s file: the events of `previous` (the file as last archived, up to
    /// `through`) followed by this run's.
    func stream(year: Int, path: String, after previous: ArchiveFile?, through: UInt64) -> ([UInt8], ArchiveFileSummary) {
        let current = years[year]!
        guard let previous, previous.frames.first.map({ $0.seq <= through }) == true else {
            let stream = ArchiveFile.stream(count: current.events, firstSeq: current.firstSeq, lastSeq: current.lastSeq,
                                            firstObserved: current.firstObserved, lastObserved: current.lastObserved, frames: current.frames.bytes)
            return (stream, ArchiveFileSummary(year: year, path: path, events: current.events, firstSeq: current.firstSeq, lastSeq: current.lastSeq, bytes: 0))
        }
        // The frames of the previous file are contiguous in its stream: copy them with their seq and length prefixes.
        let kept = previous.frames.prefix { $0.seq <= through }
        let (head, tail) = (kept.first!, kept.last!)
        let start = head.offset - ArchivePlan.prefixLength(head)
        var frames: [UInt8] = []
        frames.reserveCapacity(tail.offset + tail.length - start + current.frames.bytes.count)
        frames += previous.raw[start..<(tail.offset + tail.length)]
        frames += current.frames.bytes
        var firstObserved = current.firstObserved, lastObserved = current.lastObserved
        previous.raw.withUnsafeBytes { buffer in
            for frame in kept {
                let record = UnsafeRawBufferPointer(rebasing: buffer[frame.offset..<(frame.offset + frame.length)])
                guard let observed = ArchiveFile.observed(ofRecord: record) else { continue }
                firstObserved = min(firstObserved, observed)
                lastObserved = max(lastObserved, observed)
            }
        }
        let count = kept.count + current.events
        let stream = ArchiveFile.stream(count: count, firstSeq: head.seq, lastSeq: current.lastSeq,
                                        firstObserved: firstObserved, lastObserved: lastObserved, frames: frames)
        return (stream, ArchiveFileSummary(year: year, path: path, events: count, firstSeq: head.seq, lastSeq: current.lastSeq, bytes: 0))
    }

    /// Bytes of a frame's `seq varint | length varint` prefix.
    static func prefixLength(_ frame: ArchiveFile.Frame) -> Int {
        var w = ByteWriter(capacity: 20)
        w.varint(frame.seq)
        w.varint(UInt64(frame.length))
        return w.bytes.count
    }

    /// Deletes the planned events and their time and metric index entries; returns the bytes of pages freed.
    func delete(_ txn: Transaction, _ h: Handles) throws -> Int {
        guard let firstSeq else { return 0 }
        let before = try txn.bytes(h.events) + txn.bytes(h.byTime) + txn.bytes(h.byMetric)
        try txn.withCursor(h.events) { cursor in
            var entry = try cursor.seek(Keys.seq(firstSeq))
            while let (key, _) = entry, key.u64be(at: 0) <= lastSeq {
                try cursor.deleteCurrent()
                entry = try cursor.next()
            }
        }
        let end = Keys.time(cutoff)
        try txn.withCursor(h.byTime) { cursor in
            var entry = try cursor.first()
            while let (key, _) = entry, key.u64be(at: 0) < end {
                if key.u64be(at: 8) <= lastSeq {
                    try cursor.deleteCurrent()
                    entry = try cursor.next()
                } else {
                    entry = try cursor.next()
                }
            }
        }
        try txn.withCursor(h.byMetric) { cursor in
            var entry = try cursor.first()
            while let (key, _) = entry {
                let n = key.count
                if key.u64be(at: n - 16) >= end {
                    // This metric's archived entries are behind us: jump to the next metric.
                    entry = try cursor.seek(Array(key[0..<(n - 17)]) + [1])
                } else if key.u64be(at: n - 8) <= lastSeq {
                    try cursor.deleteCurrent()
                    entry = try cursor.next()
                } else {
                    entry = try cursor.next()
                }
            }
        }
        return before - (try txn.bytes(h.events) + txn.bytes(h.byTime) + txn.bytes(h.byMetric))
    }
}

extension ArchivePlan.Year {
    mutating func add(seq: UInt64, observed: Timestamp, record: UnsafeRawBufferPointer) {
        frames.varint(seq)
        frames.varint(UInt64(record.count))
        frames.raw(record)
        if events == 0 { firstSeq = seq }
        lastSeq = seq
        events += 1
        firstObserved = min(firstObserved, observed)
        lastObserved = max(lastObserved, observed)
    }
}
