public import DIMSCore
import DIMSSystem
import Foundation
import LMDB
import NIOConcurrencyHelpers

/// Retention: moving the oldest events into yearly archive files, and reading them back.
///
/// The rule: `archive(before:)` moves the longest seq prefix `first...S` of the live log whose events were all
/// observed before the cut-off, split into one file per observed year. An event observed before the cut-off
/// but appended after a later one (an import of old history) stays live until every event before it can go.
/// Files are written, fsynced and read back first; then one write transaction deletes the events and their
/// time and metric index entries and records the `ArchiveCheckpoint`, the commit point. The id index keeps
/// archived ids, so importing an archived event again adds nothing. Projections are never touched.
extension EventLog {
    /// The archive checkpoint: which seqs live only in archives.
    public func archiveCheckpoint() throws(StoreError) -> ArchiveCheckpoint {
        try wrap("read the archive checkpoint") {
            try env.read { txn in
                guard let meta = try txn.database(Layout.meta) else { return ArchiveCheckpoint() }
                return try archiveCheckpoint(txn, meta)
            }
        }
    }

    /// The archives of this log in `directory`, loaded and checked; nil when nothing is archived.
    ///
    /// Throws `.corruptStream` naming the file when one is missing or damaged, and `.unavailable` when the log
    /// has archives but no `directory` was given.
    public func archives(in directory: String?, for doing: String) throws(StoreError) -> ArchiveSet? {
        let checkpoint = try archiveCheckpoint()
        guard checkpoint.through > 0 else { return nil }
        guard let directory else {
            throw StoreError(code: .unavailable, message: "Cannot \(doing): events 1...\(checkpoint.through) of '\(self.directory)' are in archives, and no archive folder was given")
        }
        return try ArchiveSet(directory: directory, checkpoint: checkpoint)
    }

    /// Every event that touched `metric`, archived and live, in (observed, seq) order.
    public func events(of metric: MetricPath, archives directory: String?) throws -> [LoggedEvent] {
        let archived = try archives(in: directory, for: "read the history of '\(metric)'")?.events(of: metric) ?? []
        let live = try events(of: metric, from: Timestamp(micros: .min / 2), to: Timestamp(micros: .max / 2))
        return archived.isEmpty ? live : (archived + live).sortedByPosition()
    }

    // MARK: - Archiving

    /// Moves the events observed before `cutoff` (by the prefix rule above) into `directory/YYYY.dimslog.z`.
    ///
    /// With `dryRun`, only says what would move. `step` is called after each step; a test hook may end the
    /// process there. Archiving again with nothing new is a no-op.
    @discardableResult
    public func archive(before cutoff: Timestamp, into directory: String, dryRun: Bool = false,
                        step: (ArchiveStep) -> Void = { _ in }) throws(StoreError) -> ArchiveSummary {
        let checkpoint = try archiveCheckpoint()
        let plan = try wrap("read the events to archive") { try read { txn, h in try ArchivePlan(cutoff: cutoff, txn, h) } }
        var summary = ArchiveSummary(cutoff: cutoff)
        guard let first = plan.firstSeq else { return summary }
        summary.events = Int(plan.lastSeq - first + 1)
        summary.firstSeq = first
        summary.lastSeq = plan.lastSeq
        guard first == checkpoint.through + 1 else {
            throw StoreError(code: .corruptRecord, message: "The live log starts at event \(first), but its archives end at event \(checkpoint.through); run 'dims archive verify'")
        }
        guard !dryRun else {
            summary.files = plan.years.keys.sorted().map { year in
                let share = plan.years[year]!
                return ArchiveFileSummary(year: year, path: directory + "/" + ArchiveFile.name(year: year), events: share.events + (checkpoint.years[year] ?? 0),
                                          firstSeq: share.firstSeq, lastSeq: share.lastSeq, bytes: 0)
            }
            return summary
        }
        var previous: [Int: ArchiveFile] = [:]
        for year in plan.years.keys where checkpoint.years[year] != nil {
            previous[year] = try ArchiveSet(directory: directory, checkpoint: checkpoint.only(year)).files.first
        }
        let built = try wrap("read the events to archive") { try read { txn, h in try plan.streams(previous: previous, through: checkpoint.through, txn, h) } }
        var streams: [(path: String, stream: [UInt8], summary: ArchiveFileSummary)] = built.keys.sorted().map { year in
            let path = directory + "/" + ArchiveFile.name(year: year)
            let item = built[year]!
            return (path, item.stream, ArchiveFileSummary(year: year, path: path, events: item.events, firstSeq: item.firstSeq,
                                                          lastSeq: plan.years[year]!.lastSeq, bytes: 0))
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(code: .io, message: "Cannot create the archive folder '\(directory)': \(error.localizedDescription)")
        }
        let inputs = streams.map { (path: $0.path, stream: $0.stream) }
        let sizes = try concurrently(inputs.count) { i throws(StoreError) in
            let compressed = try Zlib.deflate(inputs[i].stream, level: ArchiveFile.compressionLevel)
            try AtomicFile.write(compressed, to: inputs[i].path)
            return compressed.count
        }
        for i in streams.indices {
            streams[i].summary.bytes = sizes[i]
            summary.rawBytes += streams[i].stream.count
        }
        step(.write)
        _ = try concurrently(inputs.count) { i throws(StoreError) in
            guard try ArchiveFile.inflate(inputs[i].path) == inputs[i].stream else {
                throw StoreError(code: .io, message: "The archive '\(inputs[i].path)' reads back different from what was written; the live log is unchanged")
            }
        }
        step(.verify)
        var next = checkpoint
        next.through = plan.lastSeq
        next.count += summary.events
        next.firstObserved = [checkpoint.firstObserved, plan.firstObserved].compactMap { $0 }.min()
        for (year, count) in plan.years { next.years[year, default: 0] += count.events }
        summary.freedBytes = try wrap("remove the archived events") {
            try write { txn, h in
                guard try archiveCheckpoint(txn, h.meta) == checkpoint else {
                    throw StoreError(code: .io, message: "Another 'dims archive' changed the log meanwhile; run it again")
                }
                let freed = try plan.delete(txn, h)
                try putMetaRecord(ArchiveCheckpoint.key, next.encoded(), txn, h.meta)
                step(.delete)
                return freed
            }
        }
        summary.files = streams.map(\.summary)
        return summary
    }
}

/// Runs `body` for `0..<count` on this thread and the blocking pool's; the first error wins.
func concurrently<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) throws(StoreError) -> T) throws(StoreError) -> [T] {
    let results = ConcurrentResults<T>(count)
    BlockingPool.shared.concurrentPerform(iterations: count) { i in
        let outcome = Result { () throws(StoreError) in try body(i) }
        results.state.withLockedValue { state in
            switch outcome {
            case .success(let value): state.values[i] = value
            case .failure(let error): state.error = state.error ?? error
            }
        }
    }
    let (values, error) = results.state.withLockedValue { ($0.values, $0.error) }
    if let error { throw error }
    return values.map { $0! }
}

/// The results of `concurrently`, filled by the pool's threads.
private final class ConcurrentResults<T: Sendable>: Sendable {
    let state: NIOLockedValueBox<(values: [T?], error: StoreError?)>
    init(_ count: Int) { state = NIOLockedValueBox((Array(repeating: nil, count: count), nil)) }
}

extension ArchiveCheckpoint {
    /// The same checkpoint restricted to one year's file.
    func only(_ year: Int) -> ArchiveCheckpoint {
        var copy = self
        copy.years = years.filter { $0.key == year }
        return copy
    }
}

extension EventLog {
    /// Checks every archive in `directory` and that archives and live log hold each seq exactly once.
    public func verifyArchives(in directory: String) throws(StoreError) -> ArchiveReport {
        let checkpoint = try archiveCheckpoint()
        let first: UInt64? = try wrap("read the first live event") {
            try env.read { txn in
                guard let events = try txn.database(Layout.events) else { return nil }
                return try txn.withCursor(events) { try $0.first().map { $0.key.u64be(at: 0) } }
            }
        }
        return ArchiveVerifier.verify(directory: directory, checkpoint: checkpoint, liveFirstSeq: first)
    }
}
