public import DIMSCore
import Foundation

/// The yearly archives a log's checkpoint lists, loaded and checked: the archived part of its history.
///
/// Only events with seq up to the checkpoint count; a file may hold later ones after an interrupted
/// `dims archive` (they are still in the live log, which wins until the delete commits).
public struct ArchiveSet: Sendable {
    public let directory: String
    public let checkpoint: ArchiveCheckpoint
    let files: [ArchiveFile]

    /// Loads every file the checkpoint names from `directory`; a missing, damaged or incomplete file throws `.corruptStream` naming it.
    init(directory: String, checkpoint: ArchiveCheckpoint) throws(StoreError) {
        self.directory = directory
        self.checkpoint = checkpoint
        var files: [ArchiveFile] = []
        for (year, expected) in checkpoint.years.sorted(by: { $0.key < $1.key }) {
            let path = directory + "/" + ArchiveFile.name(year: year)
            let file = try ArchiveFile.load(path)
            let held = file.frames.prefix { $0.seq <= checkpoint.through }.count
            guard held == expected else {
                throw StoreError(code: .corruptStream, message: "The archive '\(path)' holds \(held) of the \(expected) events the log archived in \(year)")
            }
            files.append(file)
        }
        self.files = files
    }

    /// Calls `body` with every archived event in seq order (a merge of the yearly files).
    public func forEach(_ body: (LoggedEvent) throws -> Void) throws {
        var positions = [Int](repeating: 0, count: files.count)
        while true {
            var best: Int?
            for (i, file) in files.enumerated() where positions[i] < file.frames.count && file.frames[positions[i]].seq <= checkpoint.through {
                if best == nil || file.frames[positions[i]].seq < files[best!].frames[positions[best!]].seq { best = i }
            }
            guard let i = best else { return }
            try body(try files[i].event(files[i].frames[positions[i]]))
            positions[i] += 1
        }
    }

    /// The archived events that touched `metric`, in (observed, seq) order.
    public func events(of metric: MetricPath) throws -> [LoggedEvent] {
        var result: [LoggedEvent] = []
        for file in files {
            for frame in file.frames where frame.seq <= checkpoint.through {
                let event = try file.event(frame)
                if event.event.metric == metric { result.append(event) }
            }
        }
        return result.sortedByPosition()
    }
}

/// One yearly archive file as `dims archive` wrote it or `archive verify` found it.
public struct ArchiveFileSummary: Hashable, Sendable {
    public var year: Int
    public var path: String
    public var events: Int
    public var firstSeq: UInt64
    public var lastSeq: UInt64
    public var bytes: Int
}

/// What `dims archive` did, or would do with `dryRun`.
public struct ArchiveSummary: Hashable, Sendable {
    /// Events observed before this moment were eligible.
    public var cutoff: Timestamp
    /// The files written, one per year that gained events.
    public var files: [ArchiveFileSummary] = []
    /// Events moved out of the live log.
    public var events = 0
    /// The seqs moved: `firstSeq...lastSeq`, empty when nothing moved.
    public var firstSeq: UInt64 = 0
    public var lastSeq: UInt64 = 0
    /// Bytes of the event and index pages the moved events occupied in LMDB.
    public var freedBytes = 0
    /// Bytes of the uncompressed streams written.
    public var rawBytes = 0
}

/// What `dims archive verify` found.
public struct ArchiveReport: Hashable, Sendable {
    public var files: [ArchiveFileSummary] = []
    public var checkpoint = ArchiveCheckpoint()
    /// Problems, each naming the file or the seqs concerned.
    public var problems: [String] = []
    /// Remarks that are not problems (events left over by an interrupted run).
    public var notes: [String] = []
    public var isClean: Bool { problems.isEmpty }
}

/// A step of `dims archive`, reported to a test hook before the next one starts.
public enum ArchiveStep: String, Sendable {
    /// Every yearly file is written and fsynced.
    case write
    /// Every file was read back and matched.
    case verify
    /// Inside the delete transaction, before it commits.
    case delete
}
