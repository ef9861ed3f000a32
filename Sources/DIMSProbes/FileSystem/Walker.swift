import DIMSCore
import Glibc

/// Walks one folder with `opendir`/`readdir`, feeding every subscription whose `paths` entry lies in it.
///
/// Subscriptions whose entry lies deeper wait until the walk reaches their folder; hidden folders and
/// `.git` are entered only for subscriptions that want them.
final class Walker {
    private let follows: Bool
    private let pool: ReadPool?
    private var path: [UInt8] = []
    private var shownFrom = 0
    private var ancestors: Set<Subscription.Inode> = []

    init(follows: Bool, pool: ReadPool?) {
        self.follows = follows
        self.pool = pool
    }

    /// Walks the folder at `systemPath`, shown as `shown`, for `subscriptions` (each entry at or below it).
    func walk(systemPath: String, shown: String, subscriptions: [Subscription]) {
        path = Array(systemPath.utf8)
        if shown == "." {
            shownFrom = path.last == UInt8(ascii: "/") ? path.count : path.count + 1
        } else {
            shownFrom = path.count - shown.utf8.count
        }
        let entry: [UInt8] = shown == "." ? [] : Array(shown.utf8)
        visit(active: subscriptions.filter { $0.entry == entry }, pending: subscriptions.filter { $0.entry != entry })
    }

    private var shownPath: String {
        path.count > shownFrom ? String(decoding: path[shownFrom...], as: UTF8.self) : "."
    }

    private func visit(active: [Subscription], pending: [Subscription]) {
        path.append(0)
        let directory = path.withUnsafeBufferPointer { opendir(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self)) }
        path.removeLast()
        guard let directory else {
            let error = ProbeError.system(errno, path: shownPath)
            active.forEach { $0.fail(error) }
            pending.forEach { $0.fail(error) }
            return
        }
        let fd = dirfd(directory)
        var own = stat()
        let needsOwn = follows || active.contains { $0.takesEverything }
        if needsOwn, fstat(fd, &own) == 0 {
            for sub in active where sub.takesEverything { sub.add(own) }
        }
        let inode = Subscription.Inode(device: UInt64(own.st_dev), number: UInt64(own.st_ino))
        if follows {
            guard ancestors.insert(inode).inserted else { closedir(directory); return }
        }
        defer { if follows { ancestors.remove(inode) } }

        var folders: [[UInt8]] = []
        let base = path.count
        while let entry = readdir(directory) {
            var type = entry.pointee.d_type
            let name: [UInt8] = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: UInt8.self, capacity: 256) { Array(UnsafeBufferPointer(start: $0, count: strlen(UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)))) }
            }
            if name == [46] || name == [46, 46] { continue }
            if base > 0, path[base - 1] != UInt8(ascii: "/") { path.append(UInt8(ascii: "/")) }
            path.append(contentsOf: name)
            defer { path.removeSubrange(base...) }
            var status = stat()
            var haveStatus = false
            if type == UInt8(DT_UNKNOWN) {
                guard fstatat(fd, name.cString, &status, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                haveStatus = true
                type = Walker.direntType(status.st_mode)
            }
            switch Int(type) {
            case Int(DT_DIR): folders.append(name)
            case Int(DT_REG): file(name, fd, haveStatus ? status : nil, viaLink: false, active)
            case Int(DT_LNK): link(name, fd, active, &folders)
            default: other(name, fd, active)
            }
        }
        closedir(directory)

        for name in folders {
            if base > 0, path[base - 1] != UInt8(ascii: "/") { path.append(UInt8(ascii: "/")) }
            path.append(contentsOf: name)
            let shown = Array(path[shownFrom...])
            let inner = name.withUnsafeBufferPointer { buffer in active.filter { $0.enters(folder: buffer) } }
            let arriving = pending.filter { $0.entry == shown }
            let waiting = pending.filter { $0.entry.count > shown.count && $0.entry.starts(with: shown + [UInt8(ascii: "/")]) }
            if !inner.isEmpty || !arriving.isEmpty || !waiting.isEmpty {
                visit(active: inner + arriving, pending: waiting)
            }
            path.removeSubrange(base...)
        }
    }

    private func file(_ name: [UInt8], _ fd: Int32, _ known: stat?, viaLink: Bool, _ active: [Subscription]) {
        var status = known ?? stat()
        var haveStatus = known != nil
        var readers: [Int32] = []
        path.withUnsafeBufferPointer { all in
            let shown = UnsafeBufferPointer(rebasing: all[shownFrom...])
            name.withUnsafeBufferPointer { nameBytes in
                for sub in active where sub.takes(name: nameBytes, path: shown, viaLink: viaLink) {
                    if sub.kind == .files { sub.total += 1 }
                    if sub.stats {
                        if !haveStatus { haveStatus = fstatat(fd, name.cString, &status, viaLink ? 0 : AT_SYMLINK_NOFOLLOW) == 0 }
                        if haveStatus { sub.add(status) } else { sub.fail(.system(errno, path: shownPath)) }
                    }
                    if sub.reads { readers.append(Int32(sub.id)) }
                }
            }
        }
        if !readers.isEmpty, let pool {
            pool.submit(ReadPool.Job(path: path + [0], shownFrom: shownFrom, subscriptions: readers))
        }
    }

    private func link(_ name: [UInt8], _ fd: Int32, _ active: [Subscription], _ folders: inout [[UInt8]]) {
        if active.contains(where: { $0.takesEverything && $0.set.links == .skip }) { other(name, fd, active.filter { $0.set.links == .skip }) }
        guard follows || active.contains(where: { $0.set.links != .skip }) else { return }
        var target = stat()
        guard fstatat(fd, name.cString, &target, 0) == 0 else { return }
        switch target.st_mode & S_IFMT {
        case S_IFDIR where follows: folders.append(name)
        case S_IFREG: file(name, fd, target, viaLink: true, active)
        default: break
        }
    }

    private func other(_ name: [UInt8], _ fd: Int32, _ active: [Subscription]) {
        let takers = active.filter { $0.takesEverything && ($0.set.hidden || name.first != UInt8(ascii: ".")) }
        guard !takers.isEmpty else { return }
        var status = stat()
        guard fstatat(fd, name.cString, &status, AT_SYMLINK_NOFOLLOW) == 0 else { return }
        takers.forEach { $0.add(status) }
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

extension Array where Element == UInt8 {
    /// The bytes with a final NUL, as a C string for one call.
    var cString: [CChar] { map { CChar(bitPattern: $0) } + [0] }
}
