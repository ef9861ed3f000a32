import DIMSCore
import Foundation
import LMDB

extension EventLog {
    /// Makes an empty log go on from yearly archives copied from another machine (a fresh clone).
    ///
    /// The archives must hold a gapless sequence from 1. In one transaction the log records the archive
    /// checkpoint, keeps every archived id (so importing those events again adds nothing) and folds the archived
    /// events into every projection; new events then continue after the last archived seq. Returns the number of
    /// events adopted: 0 when the folder holds no archive or the log is not empty.
    @discardableResult
    public func adoptArchives(in directory: String) throws(StoreError) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let years = names.compactMap { name in ArchiveFile.year(ofName: name).map { (year: $0, path: directory + "/" + name) } }
        guard !years.isEmpty, try lastSeq() == 0 else { return 0 }
        var checkpoint = ArchiveCheckpoint()
        var seqs: [UInt64] = []
        for (year, path) in years {
            let file = try ArchiveFile.load(path)
            checkpoint.years[year] = file.frames.count
            seqs += file.frames.map(\.seq)
            if let first = file.firstObserved { checkpoint.firstObserved = min(checkpoint.firstObserved ?? first, first) }
        }
        seqs.sort()
        for (index, seq) in seqs.enumerated() where seq != UInt64(index + 1) {
            throw StoreError(code: .corruptStream, message: "The archives in '\(directory)' do not hold a gapless sequence from 1: event \(index + 1) is \(seq > UInt64(index + 1) ? "missing" : "in two files")")
        }
        checkpoint.through = UInt64(seqs.count)
        checkpoint.count = seqs.count
        let archived = try ArchiveSet(directory: directory, checkpoint: checkpoint)
        return try wrap("adopt the archives of '\(directory)'") {
            try write { txn, h in
                guard try lastSeq(txn, h) == 0 else { return 0 }
                try putMetaRecord(ArchiveCheckpoint.key, checkpoint.encoded(), txn, h.meta)
                let writer = ProjectionWriter(txn: txn, handles: h)
                try archived.forEach { event in
                    try txn.put(Keys.id(event.id), Keys.seq(event.seq), in: h.byID)
                    try writer.apply(event)
                    if writer.pendingPoints >= 200_000 { try writer.flush() }
                }
                try writer.flush()
                try setProjected(checkpoint.through, txn, h)
                return checkpoint.count
            }
        }
    }
}
