public import DIMSCore
import Foundation

/// What `log salvage` recovered and what it lost.
public struct SalvageReport: Hashable, Sendable {
    /// Events adopted from the yearly archives.
    public var archived = 0
    /// Events recovered from the damaged store's pages.
    public var recovered = 0
    /// Of those, events found only on pages the store's tree no longer reaches (old copies, cut-off pages).
    public var fromLoosePages = 0
    /// Records on the events pages that failed their checksum.
    public var damagedRecords = 0
    /// Seq ranges (in the damaged store's numbering) of which no intact record was found.
    public var lost: [ClosedRange<UInt64>] = []
    /// Problems met walking the damaged store's pages.
    public var problems: [String] = []
    /// The records of `meta` carried over intact: `files` (the inventory files' stamps, so they are not imported
    /// again) and the marks (`mark.NAME`). None when an event was lost: the files may then give some of it back.
    public var carried: [String] = []
}

/// Builds a new store from every intact event of a damaged one, like SQLite's `.recover`.
///
/// Events are found by reading `data.mdb`'s pages directly (`PageFile`), never through liblmdb: first those on
/// the events tree's leaves, then, for seqs still missing, CRC-valid records on any other leaf page (old copies
/// that the copy-on-write store left behind, or pages a damaged branch cut off). The archives are adopted first;
/// the new store's projections are folded from the events as they are appended.
public enum Salvage {
    public static func run(from damaged: String, archives: String?, to destination: String) throws(StoreError) -> SalvageReport {
        var report = SalvageReport()
        var found: [LoggedEvent] = []
        /// Events found off the tree under a seq another event holds: their own seq is unknown.
        var displaced: [EventID: LoggedEvent] = [:]
        var treeComplete = false
        var meta: [([UInt8], [UInt8])] = []
        if let size = try? FileManager.default.attributesOfItem(atPath: StoreDirectory.dataFile(damaged))[.size] as? Int, size > 0 {
            let file = try PageFile(path: StoreDirectory.dataFile(damaged))
            let (roots, problems) = file.databases()
            // A damaged meta page may name an older snapshot's tree: its end is then not the log's.
            let metaProblems = file.metaProblems() + [file.mainTreeProblem()].compactMap { $0 }
            report.problems += metaProblems + problems
            var reached = Set<Int>()
            if let root = roots[Layout.events] {
                let tree = file.walk(root: root, name: Layout.events)
                report.problems += tree.problems
                treeComplete = tree.problems.isEmpty && problems.isEmpty && metaProblems.isEmpty
                let repaired = repairedSeqs(tree.leaves, in: file)
                for page in tree.leaves {
                    reached.insert(page.number)
                    collect(page, in: file, into: &found, damaged: &report.damagedRecords, seqs: repaired)
                }
            }
            if let root = roots[Layout.meta] { meta = carriedRecords(file.walk(root: root, name: Layout.meta).leaves, in: file) }
            let seqs = Set(found.map(\.seq)), ids = Set(found.map(\.id))
            let last = seqs.max() ?? 0
            var loose: [UInt64: LoggedEvent] = [:]
            var conflicting = Set<UInt64>()
            // Every page, reached or not: a record whose node flags or page header were damaged is found this way.
            for number in 2..<max(2, file.pageCount) {
                let events = scan(page: number, in: file)
                // With a sound tree, records past its last event were never committed (a writer died mid-commit).
                for event in events where !ids.contains(event.id) && (!treeComplete || event.seq < last) {
                    guard !seqs.contains(event.seq) else {
                        // Another event holds its seq: its key was damaged (on a page the tree no longer reaches).
                        if !treeComplete { displaced[event.id] = event }
                        continue
                    }
                    if let other = loose[event.seq], other.id != event.id { conflicting.insert(event.seq) } else { loose[event.seq] = event }
                }
            }
            for (seq, event) in loose where !conflicting.contains(seq) {
                found.append(event)
                report.fromLoosePages += 1
            }
        }
        let log = try EventLog(directory: destination)
        if let archives { report.archived = try log.adoptArchives(in: archives) }
        let through = UInt64(report.archived)
        // One copy of each event, by id: a damaged key may have put an event under another event's seq.
        var byID: [EventID: LoggedEvent] = [:]
        for event in found where event.seq > through { byID[event.id] = byID[event.id] ?? event }
        var live = byID.values.sorted { $0.seq < $1.seq }
        let displacedEvents = displaced.values.filter { byID[$0.id] == nil && $0.seq > through }.sorted { $0.seq < $1.seq }
        // The live log is gapless: no seq lies past every event found and every record seen damaged. A key damaged
        // there (its place unknown, on a page the tree no longer reaches), or onto another event's seq, gives its
        // event the first seq missing.
        let bound = through + UInt64(live.count + displacedEvents.count + report.damagedRecords)
        let beyond = live.filter { $0.seq > bound }
        let misplaced = beyond + displacedEvents
        if !misplaced.isEmpty {
            live.removeLast(beyond.count)
            let taken = Set(live.map(\.seq))
            var free = (through + 1...bound).lazy.filter { !taken.contains($0) }.makeIterator()
            for var event in misplaced {
                let damagedSeq = event.seq
                event.seq = free.next() ?? (live.last?.seq ?? through) + 1
                report.problems.append("Event \(event.seq) was found under the damaged key \(damagedSeq)")
                live.append(event)
            }
            live.sort { $0.seq < $1.seq }
        }
        var expected = through + 1
        for event in live {
            if event.seq > expected { report.lost.append(expected...(event.seq - 1)) }
            expected = max(expected, event.seq + 1)
        }
        report.recovered = try log.append(live).count
        report.fromLoosePages = min(report.fromLoosePages, report.recovered)
        // With every event in its place, the seqs are the damaged store's: its file stamps and marks hold as they are.
        if report.lost.isEmpty && !meta.isEmpty {
            try log.putMetaRecords(meta)
            report.carried = meta.map { String(decoding: $0.0, as: UTF8.self) }
        }
        return report
    }

    /// The file stamps and marks on the leaves of the damaged store's `meta` tree whose checksums hold (schema 3 on).
    static func carriedRecords(_ leaves: [PageFile.Page], in file: PageFile) -> [([UInt8], [UInt8])] {
        let nodes = leaves.flatMap { $0.nodes ?? [] }.compactMap { node in file.value(of: node).map { (Array(file.bytes[node.key]), $0) } }
        // The schema record says which checksum the others carry.
        guard let schema = nodes.first(where: { $0.0.elementsEqual(MetaRecord.schema) }),
              let version = schema.0.withUnsafeBytes({ MetaRecord.version(UnsafeRawBufferPointer(rebasing: schema.1), key: $0) }), version >= 3
        else { return [] }
        return nodes.compactMap { key, value in
            guard key.elementsEqual(EventLog.filesKey) || key.starts(with: EventLog.markKey("")) else { return nil }
            let body = key.withUnsafeBytes { k in
                ProjectionRecord.open(UnsafeRawBufferPointer(rebasing: value), key: k, RecordChecksum(schema: version)).map(Array.init)
            }
            return body.map { (key, $0) }
        }
    }

    /// The CRC-valid event records of a leaf page; `seqs` gives the seq of a node whose key was damaged.
    static func collect(_ page: PageFile.Page, in file: PageFile, into events: inout [LoggedEvent], damaged: inout Int, seqs: [Int: UInt64] = [:]) {
        for offset in page.damagedNodes {
            if let event = recover(nodeAt: offset, in: file) { events.append(event) } else { damaged += 1 }
        }
        for node in page.nodes ?? [] {
            // A damaged key size: the key is still the 8 bytes after the node's header. (A node of another tree's
            // page, which a damaged branch led to, holds no event: it is not counted as a damaged record.)
            guard node.key.count == 8 else {
                if let event = recover(nodeAt: node.offset, in: file) { events.append(event) }
                continue
            }
            let seq = seqs[node.offset] ?? UnsafeRawBufferPointer(rebasing: file.bytes[node.key]).u64be(at: 0)
            guard let value = file.value(of: node), let event = try? EventCodec.decode(UnsafeRawBufferPointer(rebasing: value), seq: seq) else {
                // A size field damaged within the page: look for the length at which the CRC holds.
                if var event = recover(nodeAt: node.offset, in: file) {
                    event.seq = seqs[node.offset] ?? event.seq
                    events.append(event)
                } else {
                    damaged += 1
                }
                continue
            }
            events.append(event)
        }
    }

    /// The seqs of the nodes on the events tree's leaves whose key was damaged, by node offset.
    ///
    /// The live log is gapless, so along the leaves (damaged records included) each key is one more than the one
    /// before. A key that breaks this while its neighbours keep it (two before, or one on each side, or two after
    /// agree with each other) is damaged: its seq is the one its place gives. A page whose nodes could not all be
    /// read breaks the chain.
    static func repairedSeqs(_ leaves: [PageFile.Page], in file: PageFile) -> [Int: UInt64] {
        var repaired: [Int: UInt64] = [:]
        var chain: [(offset: Int, seq: UInt64)] = []
        func settle() {
            // The distance of each key from its place; equal distances are keys that agree.
            let d = chain.enumerated().map { Int64(bitPattern: $0.element.seq &- UInt64($0.offset)) }
            for i in d.indices {
                var agreed: Int64?
                if i > 0, i + 1 < d.count, d[i - 1] == d[i + 1] { agreed = d[i - 1] }
                else if i + 2 < d.count, d[i + 1] == d[i + 2], i == 0 { agreed = d[i + 1] }
                else if i >= 2, d[i - 1] == d[i - 2], i == d.count - 1 { agreed = d[i - 1] }
                if let agreed, agreed != d[i] { repaired[chain[i].offset] = UInt64(bitPattern: agreed) &+ UInt64(i) }
            }
            chain = []
        }
        for page in leaves {
            guard page.damagedNodes.isEmpty, let nodes = page.nodes, nodes.allSatisfy({ $0.key.count == 8 }) else {
                settle()
                continue
            }
            for node in nodes { chain.append((node.offset, UnsafeRawBufferPointer(rebasing: file.bytes[node.key]).u64be(at: 0))) }
        }
        settle()
        return repaired
    }

    /// An event whose node has a damaged size field: its record is found by trying each length up to the page's
    /// end until the CRC at that length holds. Event keys are 8 bytes whatever the node's key size field says.
    static func recover(nodeAt offset: Int, in file: PageFile) -> LoggedEvent? {
        guard offset >= 0 else { return nil }
        let start = offset + 16
        let pageEnd = (offset / file.pageSize + 1) * file.pageSize
        guard start + 26 <= pageEnd, pageEnd <= file.bytes.count else { return nil }
        let seq = UnsafeRawBufferPointer(rebasing: file.bytes[(offset + 8)..<start]).u64be(at: 0)
        for end in (start + 26)...pageEnd {
            let record = UnsafeRawBufferPointer(rebasing: file.bytes[start..<end])
            let stored = record.loadUnaligned(fromByteOffset: record.count - 4, as: UInt32.self).littleEndian
            guard Zlib.crc32(UnsafeRawBufferPointer(rebasing: record[0..<(record.count - 4)])) == stored else { continue }
            if let event = try? EventCodec.decode(record, seq: seq) { return event }
        }
        return nil
    }

    /// Every CRC-valid event record on page `number`, found by trying each offset as a node, so that records
    /// whose page header or pointer was damaged are found too.
    static func scan(page number: Int, in file: PageFile) -> [LoggedEvent] {
        var events: [LoggedEvent] = []
        let base = number * file.pageSize, end = base + file.pageSize
        guard end <= file.bytes.count else { return [] }
        var at = base + PageFile.headerSize
        while at + 16 + 26 <= end {
            let size = Int(PageFile.u16(file.bytes, at)) | Int(PageFile.u16(file.bytes, at + 2)) << 16
            if PageFile.u16(file.bytes, at + 6) == 8, size >= 26, at + 16 + size <= end {
                let record = UnsafeRawBufferPointer(rebasing: file.bytes[(at + 16)..<(at + 16 + size)])
                let seq = UnsafeRawBufferPointer(rebasing: file.bytes[(at + 8)..<(at + 16)]).u64be(at: 0)
                let stored = record.loadUnaligned(fromByteOffset: size - 4, as: UInt32.self).littleEndian
                if Zlib.crc32(UnsafeRawBufferPointer(rebasing: record[0..<(size - 4)])) == stored,
                   let event = try? EventCodec.decode(record, seq: seq) {
                    events.append(event)
                    at += 16 + size
                    continue
                }
            }
            at += 1
        }
        return events
    }
}
