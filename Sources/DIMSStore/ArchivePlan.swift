import DIMSCore
import LMDB

/// The events one `dims archive` run moves: the live prefix observed before the cut-off, per observed year.
///
/// Records are copied as the log stores them (their CRC checked on the way), never decoded and re-encoded.
/// A first pass counts each year's events and bytes; the second writes each year's stream into a buffer of
/// exactly its size.
struct ArchivePlan {
    /// One year's share of the prefix.
    struct Year {
        var events = 0
        /// Bytes of the frames: `seq varint | length varint | record` each.
        var bytes = 0
        var firstSeq: UInt64 = 0
        var lastSeq: UInt64 = 0
        var firstObserved = Timestamp(micros: .max)
        var lastObserved = Timestamp(micros: .min)

        mutating func add(seq: UInt64, observed: Timestamp, length: Int) {
            if events == 0 { firstSeq = seq }
            lastSeq = seq
            events += 1
            bytes += StreamFormat.frameLength(seq: seq, length: length)
            firstObserved = min(firstObserved, observed)
            lastObserved = max(lastObserved, observed)
        }
    }

    let cutoff: Timestamp
    private(set) var years: [Int: Year] = [:]
    private(set) var firstSeq: UInt64?
    private(set) var lastSeq: UInt64 = 0
    private(set) var firstObserved: Timestamp?

    /// Reads the live prefix observed before `cutoff`, checking every record's CRC.
    init(cutoff: Timestamp, _ txn: Transaction, _ h: Handles) throws {
        self.cutoff = cutoff
        var years = YearCache()
        try txn.withCursor(h.events) { cursor in
            for (key, record) in cursor.entries() {
                let seq = key.u64be(at: 0)
                guard record.count > 22, let observed = StreamFormat.observed(ofRecord: record) else {
                    throw StoreError.corrupt(seq: seq, "header cannot be read")
                }
                let stored = record.loadUnaligned(fromByteOffset: record.count - 4, as: UInt32.self).littleEndian
                guard stored == Zlib.crc32(UnsafeRawBufferPointer(rebasing: record[0..<(record.count - 4)])) else {
                    throw StoreError.corrupt(seq: seq, "checksum mismatch; run 'dims log verify'")
                }
                guard observed < cutoff else { return }
                if firstSeq == nil { firstSeq = seq }
                lastSeq = seq
                firstObserved = min(firstObserved ?? observed, observed)
                self.years[years.year(of: observed), default: Year()].add(seq: seq, observed: observed, length: record.count)
            }
        }
    }

    /// Each year's uncompressed stream: the events of its `previous` file up to `through` (a file being
    /// rewritten), then this run's, in seq order.
    func streams(previous: [Int: ArchiveFile], through: UInt64, _ txn: Transaction, _ h: Handles) throws -> [Int: (stream: [UInt8], events: Int, firstSeq: UInt64)] {
        guard let firstSeq else { return [:] }
        // Indexed by year - base: no hashing per event.
        let base = years.keys.min()!
        var writers = [ByteWriter](repeating: ByteWriter(capacity: 0), count: years.keys.max()! - base + 1)
        var result: [Int: (stream: [UInt8], events: Int, firstSeq: UInt64)] = [:]
        for (number, year) in years {
            var header = year
            var kept: (bytes: ArraySlice<UInt8>, events: Int) = ([], 0)
            if let file = previous[number] {
                let frames = file.frames.prefix { $0.seq <= through }
                if let head = frames.first, let tail = frames.last {
                    // Frames are contiguous in the stream: copy them with their seq and length prefixes.
                    let start = head.offset + head.length - StreamFormat.frameLength(seq: head.seq, length: head.length)
                    kept = (file.raw[start..<(tail.offset + tail.length)], frames.count)
                    header.firstSeq = head.seq
                    file.raw.withUnsafeBytes { buffer in
                        for frame in frames {
                            guard let observed = StreamFormat.observed(ofRecord: UnsafeRawBufferPointer(rebasing: buffer[frame.offset..<(frame.offset + frame.length)])) else { continue }
                            header.firstObserved = min(header.firstObserved, observed)
                            header.lastObserved = max(header.lastObserved, observed)
                        }
                    }
                }
            }
            var w = ByteWriter(capacity: 64 + kept.bytes.count + year.bytes + 4)
            StreamFormat.Header(count: kept.events + year.events, firstSeq: header.firstSeq, lastSeq: year.lastSeq,
                                firstObserved: header.firstObserved, lastObserved: header.lastObserved).write(into: &w)
            w.raw(kept.bytes)
            writers[number - base] = w
            result[number] = ([], kept.events + year.events, header.firstSeq)
        }
        var cache = YearCache()
        try txn.withCursor(h.events) { cursor in
            for (key, record) in cursor.entries(from: Keys.seq(firstSeq)) {
                guard key.u64be(at: 0) <= lastSeq else { break }
                let seq = key.u64be(at: 0)
                guard let observed = StreamFormat.observed(ofRecord: record) else { throw StoreError.corrupt(seq: seq, "header cannot be read") }
                let i = cache.year(of: observed) - base
                StreamFormat.frame(seq: seq, record: record, into: &writers[i])
            }
        }
        for number in years.keys {
            StreamFormat.seal(&writers[number - base])
            result[number]!.stream = writers[number - base].bytes
        }
        return result
    }

    /// Deletes the planned events and their time and metric index entries; returns the bytes of pages freed.
    func delete(_ txn: Transaction, _ h: Handles) throws -> Int {
        guard let firstSeq else { return 0 }
        let before = try txn.bytes(h.events) + txn.bytes(h.byTime) + txn.bytes(h.byMetric)
        try txn.withCursor(h.events) { cursor in
            for (key, _) in cursor.entries(from: Keys.seq(firstSeq)) {
                guard key.u64be(at: 0) <= lastSeq else { break }
                try cursor.deleteCurrent()
            }
        }
        let end = Keys.time(cutoff)
        try txn.withCursor(h.byTime) { cursor in
            for (key, _) in cursor.entries() {
                guard key.u64be(at: 0) < end else { break }
                if key.u64be(at: 8) <= lastSeq {
                    try cursor.deleteCurrent()
                }
            }
        }
        // Not `cursor.entries()`: the loop seeks past each metric's archived entries, moving the cursor itself.
        try txn.withCursor(h.byMetric) { cursor in
            var entry = try cursor.first()
            while let (key, _) = entry {
                let n = key.count
                if key.u64be(at: n - 16) >= end {
                    // This metric's archived entries are behind us: jump to the next metric.
                    entry = try cursor.seek(Array(key[0..<(n - 17)]) + [1])
                    continue
                }
                if key.u64be(at: n - 8) <= lastSeq {
                    try cursor.deleteCurrent()
                }
                entry = try cursor.next()
            }
        }
        return before - (try txn.bytes(h.events) + txn.bytes(h.byTime) + txn.bytes(h.byMetric))
    }
}

/// The UTC year of a time, remembered for the last day seen (events come mostly in time order).
struct YearCache {
    private var day: Int32 = .min
    private var cached = 0

    mutating func year(of time: Timestamp) -> Int {
        let day = time.day
        if day.daysSince1970 != self.day { (self.day, cached) = (day.daysSince1970, day.year) }
        return cached
    }
}
