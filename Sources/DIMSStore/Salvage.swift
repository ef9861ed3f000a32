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
        var found: [UInt64: LoggedEvent] = [:]
        var treeComplete = false
        if let size = try? FileManager.default.attributesOfItem(atPath: StoreDirectory.dataFile(damaged))[.size] as? Int, size > 0 {
            let file = try PageFile(path: StoreDirectory.dataFile(damaged))
            let (roots, problems) = file.databases()
            report.problems += problems
            var reached = Set<Int>()
            if let root = roots[Layout.events] {
                let tree = file.walk(root: root, name: Layout.events)
                report.problems += tree.problems
                treeComplete = tree.problems.isEmpty && problems.isEmpty
                for page in tree.leaves {
                    reached.insert(page.number)
                    collect(page, in: file, into: &found, damaged: &report.damagedRecords)
                }
            }
            var loose: [UInt64: LoggedEvent] = [:]
            var conflicting = Set<UInt64>()
            var ignored = 0
            for page in file.allLeaves() where !reached.contains(page.number) {
                var events: [UInt64: LoggedEvent] = [:]
                collect(page, in: file, into: &events, damaged: &ignored)
                for (seq, event) in events where found[seq] == nil {
                    if let other = loose[seq], other != event { conflicting.insert(seq) } else { loose[seq] = event }
                }
            }
            // With a sound tree, records past its last event were never committed (a writer died mid-commit).
            let last = found.keys.max() ?? 0
            for (seq, event) in loose where !conflicting.contains(seq) && (!treeComplete || seq < last) {
                found[seq] = event
                report.fromLoosePages += 1
            }
        }
        let log = try EventLog(directory: destination)
        if let archives { report.archived = try log.adoptArchives(in: archives) }
        let through = UInt64(report.archived)
        let live = found.filter { $0.key > through }.sorted { $0.key < $1.key }
        var expected = through + 1
        for (seq, _) in live {
            if seq > expected { report.lost.append(expected...(seq - 1)) }
            expected = seq + 1
        }
        report.recovered = try log.append(live.map { var event = $0.value; event.seq = 0; return event }).count
        report.fromLoosePages = min(report.fromLoosePages, report.recovered)
        return report
    }

    /// The CRC-valid event records of a leaf page, by seq.
    static func collect(_ page: PageFile.Page, in file: PageFile, into events: inout [UInt64: LoggedEvent], damaged: inout Int) {
        for offset in page.damagedNodes {
            if let event = recover(nodeAt: offset, in: file) { events[event.seq] = event } else { damaged += 1 }
        }
        for node in page.nodes ?? [] where node.key.count == 8 {
            let seq = UnsafeRawBufferPointer(rebasing: file.bytes[node.key]).u64be(at: 0)
            guard let value = file.value(of: node), let event = try? EventCodec.decode(UnsafeRawBufferPointer(rebasing: value), seq: seq) else {
                damaged += 1
                continue
            }
            events[seq] = event
        }
    }

    /// An event whose node has a damaged size field: its record is found by trying each length up to the page's
    /// end until the CRC at that length holds.
    static func recover(nodeAt offset: Int, in file: PageFile) -> LoggedEvent? {
        guard offset >= 0, PageFile.u16(file.bytes, offset + 6) == 8 else { return nil }
        let start = offset + 16
        let pageEnd = (offset / file.pageSize + 1) * file.pageSize
        guard start + 8 <= pageEnd, pageEnd <= file.bytes.count else { return nil }
        let seq = UnsafeRawBufferPointer(rebasing: file.bytes[(offset + 8)..<start]).u64be(at: 0)
        for end in (start + 26)...pageEnd {
            let record = UnsafeRawBufferPointer(rebasing: file.bytes[start..<end])
            let stored = record.loadUnaligned(fromByteOffset: record.count - 4, as: UInt32.self).littleEndian
            guard ProjectionRecord.checksum(UnsafeRawBufferPointer(rebasing: record[0..<(record.count - 4)])) == stored else { continue }
            if let event = try? EventCodec.decode(record, seq: seq) { return event }
        }
        return nil
    }
}
