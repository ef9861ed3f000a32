import DIMSCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One file set of one metric, as a walk sees it: which entries it takes and what it counts of them.
final class Subscription: Sendable {
    struct Inode: Hashable { var device: UInt64, number: UInt64 }

    let id: Int
    let metric: Int
    let kind: FileMetric.Kind
    let set: FileSet
    let usage: FileMetric.Usage
    /// The `paths` entry, as a walk shows it (`docs`, `/data`; empty for the project root).
    let entry: [UInt8]
    /// The entry's number among the run's distinct entries: subscriptions of the same entry share it.
    let entryIndex: Int
    /// Whether the walk must `stat` what this subscription takes.
    let stats: Bool
    /// Whether the walk reads this subscription's files.
    let reads: Bool
    /// Whether folders and other entries count too, as for `du` (disk usage or age of a whole folder).
    let takesEverything: Bool
    init(id: Int, metric: Int, plan: FileMetric, set: FileSet, entry: String, entryIndex: Int) {
        self.id = id
        self.entryIndex = entryIndex
        self.metric = metric
        self.kind = plan.kind
        self.set = set
        self.usage = plan.usage
        self.entry = entry == "." ? [] : Array(entry.utf8)
        stats = plan.needsStat
        reads = plan.needsRead
        takesEverything = set.takesEverything && (plan.kind == .age || (plan.kind == .bytes && plan.usage == .disk))
    }

    /// Counts one entry's status into `tally`: its size or blocks, or its change time.
    func add(_ status: stat, to tally: inout Tally, shared: WalkShared) {
        switch kind {
        case .bytes:
            if usage == .disk {
                if status.st_nlink > 1, (status.st_mode & S_IFMT) != S_IFDIR {
                    guard shared.firstSighting(id, Inode(device: UInt64(status.st_dev), number: UInt64(status.st_ino))) else { return }
                }
                tally.totals[id] += Int64(status.st_blocks) * 512
            } else if (status.st_mode & S_IFMT) == S_IFREG {
                tally.totals[id] += Int64(status.st_size)
            }
        case .age:
            let micros = Int64(status.st_mtim.tv_sec) * 1_000_000 + Int64(status.st_mtim.tv_nsec) / 1000
            tally.newest[id] = max(tally.newest[id] ?? micros, micros)
        case .files, .lines, .grep:
            break
        }
    }

    /// Whether the walk should take this subscription into a sub-folder with this name.
    func enters(folder name: UnsafeBufferPointer<UInt8>) -> Bool {
        if !set.hidden, name.first == UInt8(ascii: ".") { return false }
        if set.gitignore, name.elementsEqual(".git".utf8) { return false }
        return true
    }

    /// Whether a file with this name and shown path belongs to the subscription.
    func takes(name: UnsafeBufferPointer<UInt8>, path: UnsafeBufferPointer<UInt8>, viaLink: Bool) -> Bool {
        if viaLink, set.links == .skip { return false }
        if !set.hidden, name.first == UInt8(ascii: ".") { return false }
        return set.takesEverything || set.accepts(name: name, path: path)
    }
}
