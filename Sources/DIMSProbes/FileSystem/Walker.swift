import DIMSCore
import DIMSTrust
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One thread of a walk: visits folders from the shared queue with `opendir`/`readdir`, feeding each subscription that wants them
/// and reading the files of `lines` and `grep` metrics as it meets them.
///
/// Subscriptions whose entry lies deeper wait until the walk reaches their folder; hidden folders and
/// `.git` are entered only for subscriptions that want them.
final class Walker {
    private let queue: WalkQueue
    private let shared: WalkShared
    private let reader: FileReader?
    // The state of one walk, changed by one thread at a time (a walker serves one pool thread) and never while
    // borrowed: unchecked at run time, which would cost two calls of the runtime per file and property.
    @exclusivity(unchecked) private(set) var tally: Tally
    @exclusivity(unchecked) private var path: [UInt8] = []
    @exclusivity(unchecked) private var shownFrom = 0
    /// The `.gitignore` rules in force in the folder being visited; empty when no subscription there honours them.
    @exclusivity(unchecked) private var ignores: [IgnoreRules] = []
    /// For breakdowns: every subscription's total when the folder being visited was opened, each entry's last part
    /// (by `Subscription.entryIndex`), and the folders visited so far.
    @exclusivity(unchecked) private var partBase: [Int64] = []
    @exclusivity(unchecked) private var lastParts: [LastPart] = []
    @exclusivity(unchecked) private var visitedFolders = 0

    init(queue: WalkQueue, shared: WalkShared, targets: [FileReader.Target?], parts: Bool = false) {
        self.queue = queue
        self.shared = shared
        reader = targets.contains { $0 != nil } ? FileReader(targets: targets) : nil
        tally = Tally(count: targets.count, parts: parts)
    }

    /// Visits folders until the queue is empty.
    func run() {
        while let task = queue.pop() {
            if shared.expired {
                let error = ProbeError(code: .walkTimedOut, message: "The walk took longer than \(Value.shortText(shared.seconds)) s and was stopped")
                (task.active + task.pending).forEach { shared.fail($0.id, error) }
            } else {
                visit(task)
            }
            queue.done()
        }
    }

    /// The first task of a walk of `systemPath`, shown as `shown`, for `subscriptions` at or below it.
    static func task(systemPath: String, shown: String, follows: Bool, subscriptions: [Subscription], ignores: [IgnoreRules]) -> WalkQueue.Task {
        let path = Array(systemPath.utf8)
        let shownFrom = shown == "." ? (path.last == UInt8(ascii: "/") ? path.count : path.count + 1) : path.count - shown.utf8.count
        let entry: [UInt8] = shown == "." ? [] : Array(shown.utf8)
        return WalkQueue.Task(path: path, shownFrom: shownFrom, active: subscriptions.filter { $0.entry == entry },
                              pending: subscriptions.filter { $0.entry != entry }, follows: follows, ancestors: [], ignores: ignores)
    }

    private var shownPath: String {
        path.count > shownFrom ? String(decoding: path[shownFrom...], as: UTF8.self) : "."
    }

    private func visit(_ task: WalkQueue.Task) {
        path = task.path
        shownFrom = task.shownFrom
        let active = task.active
        path.append(0)
        let directory = path.withUnsafeBufferPointer { opendir(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self)) }
        path.removeLast()
        guard let directory else {
            let error = ProbeError.system(errno, path: shownPath)
            (active + task.pending).forEach { shared.fail($0.id, error) }
            return
        }
        defer { closedir(directory) }
        // Breakdowns: what each subscription counts in this folder goes to its top-level folder, once per folder.
        let breakdowns = tally.keepsParts && !active.isEmpty
        if breakdowns {
            partBase.removeAll(keepingCapacity: true)
            partBase.append(contentsOf: tally.totals)
        }
        defer { if breakdowns { addParts(active) } }
        let fd = dirfd(directory)
        var own = stat()
        if task.follows || active.contains(where: \.takesEverything), fstat(fd, &own) == 0 {
            for sub in active where sub.takesEverything { sub.add(own, to: &tally, shared: shared) }
        }
        var ancestors = task.ancestors
        if task.follows {
            let inode = Subscription.Inode(device: UInt64(own.st_dev), number: UInt64(own.st_ino))
            guard !ancestors.contains(inode) else { return }
            ancestors.append(inode)
        }

        var ignores = task.ignores
        let usesIgnores = active.contains { $0.set.gitignore }
        if usesIgnores, let rules = IgnoreRules.load(systemPath: path, base: Array(path[min(task.shownFrom, path.count)...])) { ignores.append(rules) }
        self.ignores = usesIgnores ? ignores : []

        var folders: [[UInt8]] = []
        let base = path.count
        let separator = base > 0 && path[base - 1] != UInt8(ascii: "/")
        while let entry = readdir(directory) {
            var type = entry.pointee.d_type
            let length = withUnsafePointer(to: &entry.pointee.d_name) { strlen(UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            if separator { path.append(UInt8(ascii: "/")) }
            let nameStart = path.count
            withUnsafeBytes(of: &entry.pointee.d_name) { path.append(contentsOf: $0.prefix(length)) }
            defer { path.removeSubrange(base...) }
            if length <= 2, path[nameStart] == UInt8(ascii: "."), length == 1 || path[nameStart + 1] == UInt8(ascii: ".") { continue }
            var status = stat()
            var known = false
            if type == UInt8(DT_UNKNOWN) {
                guard at(fd, nameStart, { fstatat(fd, $0, &status, AT_SYMLINK_NOFOLLOW) }) == 0 else { continue }
                known = true
                type = Walker.direntType(status.st_mode)
            }
            switch Int32(type) {
            case Int32(DT_DIR): folders.append(Array(path[nameStart...]))
            case Int32(DT_REG): file(fd, nameStart, known ? status : nil, viaLink: false, active)
            case Int32(DT_LNK): link(fd, nameStart, active, task.follows, &folders)
            default: other(fd, nameStart, active)
            }
        }

        var tasks: [WalkQueue.Task] = []
        for name in folders {
            var child = path
            if separator { child.append(UInt8(ascii: "/")) }
            child.append(contentsOf: name)
            let shown = child[task.shownFrom...]
            let ignored = !self.ignores.isEmpty && child.withUnsafeBufferPointer { all in
                name.withUnsafeBufferPointer { IgnoreRules.ignores(self.ignores, shown: UnsafeBufferPointer(rebasing: all[task.shownFrom...]), name: $0, isFolder: true) }
            }
            let inner = name.withUnsafeBufferPointer { buffer in active.filter { $0.enters(folder: buffer) && !(ignored && $0.set.gitignore) } }
            let arriving = task.pending.filter { $0.entry.elementsEqual(shown) }
            let waiting = task.pending.filter { $0.entry.count > shown.count && $0.entry.starts(with: shown) && $0.entry[shown.count] == UInt8(ascii: "/") }
            if !inner.isEmpty || !arriving.isEmpty || !waiting.isEmpty {
                tasks.append(WalkQueue.Task(path: child, shownFrom: task.shownFrom, active: inner + arriving, pending: waiting,
                                            follows: task.follows, ancestors: ancestors, ignores: ignores))
            }
        }
        queue.push(tasks)
    }

    /// Adds what each of `active` counted in the folder being visited (since `partBase`) to the folder's top-level part;
    /// the part is named and found once for the subscriptions that share a path, and only when one of them counted
    /// something.
    ///
    /// Each entry's last part is kept with the bytes that name it: the folders a walker visits one after another mostly
    /// lie in the same part, so the name is made and looked up only when the part changes.
    private func addParts(_ active: [Subscription]) {
        visitedFolders += 1
        path.withUnsafeBufferPointer { all in
            let shown = UnsafeBufferPointer(rebasing: all[min(shownFrom, all.count)...])
            for sub in active where tally.totals[sub.id] != partBase[sub.id] {
                let index = sub.entryIndex
                if index >= lastParts.count { lastParts += repeatElement(LastPart(), count: index + 1 - lastParts.count) }
                if lastParts[index].folder != visitedFolders {
                    let end = FolderPart.end(shown: shown, entry: sub.entry)
                    let key = UnsafeBufferPointer(rebasing: shown[..<(end ?? 0)])
                    let same = lastParts[index].slot >= 0 && lastParts[index].end == end
                        && lastParts[index].bytes.withUnsafeBufferPointer { key.isEmpty || memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0 }
                    if !same {
                        lastParts[index].slot = tally.slot(of: FolderPart.name(shown: shown, entry: sub.entry))
                        lastParts[index].end = end
                        lastParts[index].bytes.removeAll(keepingCapacity: true)
                        lastParts[index].bytes.append(contentsOf: key)
                    }
                    lastParts[index].folder = visitedFolders
                }
                tally.addPart(sub.id, slot: lastParts[index].slot, since: partBase[sub.id])
            }
        }
    }

    /// An entry's part in the last folder that counted something for it.
    private struct LastPart {
        var folder = 0
        var slot = -1
        var end: Int?
        var bytes: [UInt8] = []
    }

    /// Calls `body` with the entry's name (from `nameStart` in the path) as a C string.
    private func at(_ fd: Int32, _ nameStart: Int, _ body: (UnsafePointer<CChar>) -> Int32) -> Int32 {
        path.append(0)
        defer { path.removeLast() }
        return path.withUnsafeBufferPointer { body(UnsafeRawPointer($0.baseAddress! + nameStart).assumingMemoryBound(to: CChar.self)) }
    }

    private func file(_ fd: Int32, _ nameStart: Int, _ known: stat?, viaLink: Bool, _ active: [Subscription]) {
        var status = known ?? stat()
        var haveStatus = known != nil
        var readers: [Int32] = []
        var ignored: Bool?
        for sub in active {
            let takes = path.withUnsafeBufferPointer { all in
                let name = UnsafeBufferPointer(rebasing: all[nameStart...]), shown = UnsafeBufferPointer(rebasing: all[shownFrom...])
                guard sub.takes(name: name, path: shown, viaLink: viaLink) else { return false }
                guard sub.set.gitignore, !ignores.isEmpty else { return true }
                if ignored == nil { ignored = IgnoreRules.ignores(ignores, shown: shown, name: name, isFolder: false) }
                return ignored == false
            }
            guard takes else { continue }
            if sub.kind == .files { tally.totals[sub.id] += 1 }
            if sub.stats {
                if !haveStatus { haveStatus = at(fd, nameStart) { fstatat(fd, $0, &status, viaLink ? 0 : AT_SYMLINK_NOFOLLOW) } == 0 }
                if haveStatus { sub.add(status, to: &tally, shared: shared) } else if errno != ENOENT { shared.fail(sub.id, .system(errno, path: shownPath)) }
            }
            if sub.reads { readers.append(Int32(sub.id)) }
        }
        if !readers.isEmpty, let reader {
            let file = at(fd, nameStart) { openat(fd, $0, O_RDONLY | O_CLOEXEC) }
            let failure = file < 0 ? errno : reader.read(file, for: readers, into: &tally.totals)
            if file >= 0 { close(file) }
            // A file removed since the folder was listed is simply gone; any other failure is the metric's error.
            if let failure, failure != ENOENT { readers.forEach { shared.fail(Int($0), .system(failure, path: shownPath)) } }
        }
    }

    private func link(_ fd: Int32, _ nameStart: Int, _ active: [Subscription], _ follows: Bool, _ folders: inout [[UInt8]]) {
        other(fd, nameStart, active.filter { $0.set.links == .skip })
        guard follows || active.contains(where: { $0.set.links != .skip }) else { return }
        var target = stat()
        guard at(fd, nameStart, { fstatat(fd, $0, &target, 0) }) == 0 else { return }
        if let confinement = shared.confinement, !confinement.contains(String(decoding: path, as: UTF8.self)) {
            let following = active.filter { follows || $0.set.links != .skip }
            following.forEach { shared.fail($0.id, .outside(shownPath)) }
            return
        }
        switch target.st_mode & S_IFMT {
        case S_IFDIR where follows: folders.append(Array(path[nameStart...]))
        case S_IFREG: file(fd, nameStart, target, viaLink: true, active)
        default: break
        }
    }

    private func other(_ fd: Int32, _ nameStart: Int, _ active: [Subscription]) {
        let hidden = path[nameStart] == UInt8(ascii: ".")
        let takers = active.filter { $0.takesEverything && ($0.set.hidden || !hidden) }
        guard !takers.isEmpty else { return }
        var status = stat()
        guard at(fd, nameStart, { fstatat(fd, $0, &status, AT_SYMLINK_NOFOLLOW) }) == 0 else { return }
        for sub in takers { sub.add(status, to: &tally, shared: shared) }
    }

    static func direntType(_ mode: mode_t) -> UInt8 {
        switch mode & S_IFMT {
        case S_IFDIR: UInt8(DT_DIR)
        case S_IFREG: UInt8(DT_REG)
        case S_IFLNK: UInt8(DT_LNK)
        default: UInt8(DT_UNKNOWN)
        }
    }
}
