import DIMSCore
import Glibc

/// One file set of one metric, fed by a walk: it keeps the running total of what it matched.
final class Subscription {
    struct Inode: Hashable { var device: UInt64, number: UInt64 }

    let id: Int
    let metric: Int
    let kind: FileMetric.Kind
    let set: FileSet
    let usage: FileMetric.Usage
    /// The `paths` entry, as a walk shows it (`docs`, `/data`; empty for the project root).
    let entry: [UInt8]
    /// Whether the walk must `stat` what this subscription takes.
    let stats: Bool
    /// Whether this subscription's files go to the read pool.
    let reads: Bool
    /// Whether folders and other entries count too, as for `du` (disk usage or age of a whole folder).
    let takesEverything: Bool
    var total: Int64 = 0
    var newest: Int64?
    var error: ProbeError?
    private var seen: Set<Inode> = []

    init(id: Int, metric: Int, plan: FileMetric, set: FileSet, entry: String) {
        self.id = id
        self.metric = metric
        self.kind = plan.kind
        self.set = set
        self.usage = plan.usage
        self.entry = entry == "." ? [] : Array(entry.utf8)
        stats = plan.needsStat
        reads = plan.needsRead
        takesEverything = set.takesEverything && (plan.kind == .age || (plan.kind == .bytes && plan.usage == .disk))
    }

    /// Records the first error only.
    func fail(_ error: ProbeError) {
        if self.error == nil { self.error = error }
    }

    /// Counts one entry's status: its size or blocks, or its change time.
    func add(_ status: stat) {
        switch kind {
        case .bytes:
            if usage == .disk {
                if status.st_nlink > 1, (status.st_mode & S_IFMT) != S_IFDIR {
                    guard seen.insert(Inode(device: UInt64(status.st_dev), number: UInt64(status.st_ino))).inserted else { return }
                }
                total += Int64(status.st_blocks) * 512
            } else if (status.st_mode & S_IFMT) == S_IFREG {
                total += Int64(status.st_size)
            }
        case .age:
            let micros = Int64(status.st_mtim.tv_sec) * 1_000_000 + Int64(status.st_mtim.tv_nsec) / 1000
            newest = max(newest ?? micros, micros)
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
