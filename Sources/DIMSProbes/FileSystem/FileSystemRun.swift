import DIMSCore
import DIMSTrust
import DIMSSystem
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run of the file-system source: plans the walks, runs them on every core, and sums each metric.
final class FileSystemRun {
    private let context: ProbeContext
    private let workers: Int
    private var metrics = FileMetricPlan([], home: nil)
    private var missing: [Int: String] = [:]
    private var tally = Tally(count: 0)
    private var shared = WalkShared()
    private var targets: [FileReader.Target?] = []
    private lazy var reader = FileReader(targets: targets)

    init(context: ProbeContext, workers: Int) {
        self.context = context
        self.workers = workers
    }

    func run(_ specs: [MetricSpec]) -> [MetricPath: ProbeResult] {
        let home = context.environment["HOME"]
        let timeout = specs.compactMap { $0["timeout"]?.double }.filter { $0 > 0 }.min() ?? FileSystemSource.defaultTimeout
        shared = WalkShared(confinement: context.confined ? Confinement(root: context.root) : nil, seconds: timeout)
        metrics = FileMetricPlan(specs, home: home)
        targets = metrics.targets
        tally = Tally(count: metrics.subscriptions.count, parts: context.breakdowns != nil)
        let walks = plan()
        guard !walks.isEmpty else { return results(specs) }
        let queue = WalkQueue()
        queue.push(walks.map { walk in
            let ignores = walk.subscriptions.contains { $0.set.gitignore } ? ancestorIgnores(walk.root) : []
            return Walker.task(systemPath: systemPath(walk.root), shown: walk.root, follows: walk.follows, subscriptions: walk.subscriptions, ignores: ignores)
        })
        walk(queue)
        return results(specs)
    }

    /// Runs one walker on this thread and one on each other core (threads of the blocking pool) until the queue is empty.
    private func walk(_ queue: WalkQueue) {
        let targets = targets, shared = shared, parts = tally.keepsParts
        BlockingPool.shared.concurrentPerform(iterations: max(1, workers)) { _ in
            let walker = Walker(queue: queue, shared: shared, targets: targets, parts: parts)
            walker.run()
            shared.deliver(walker.tally)
        }
        for other in shared.tallies() { tally.merge(other) }
    }

    // MARK: - Planning

    struct Walk { var root: String; var follows: Bool; var subscriptions: [Subscription] }

    /// Looks at every entry once: files are measured now, folders become walks (a folder inside another walk joins it).
    private func plan() -> [Walk] {
        var walks: [Walk] = []
        for subs in metrics.byEntry {
            let shown = subs[0].entry.isEmpty ? "." : String(decoding: subs[0].entry, as: UTF8.self)
            if let confinement = shared.confinement, !confinement.contains(systemPath(shown)) {
                for sub in subs { shared.fail(sub.id, .outside(shown)) }
                continue
            }
            var status = stat()
            guard stat(systemPath(shown), &status) == 0 else {
                let err = errno
                for sub in subs {
                    if err == ENOENT || err == ENOTDIR { missing[sub.metric] = missing[sub.metric] ?? shown } else { shared.fail(sub.id, .system(err, path: shown)) }
                }
                continue
            }
            guard (status.st_mode & S_IFMT) == S_IFDIR else {
                measureFile(shown, status, subs)
                continue
            }
            let follows = subs[0].set.links == .follow
            if let index = walks.firstIndex(where: { $0.follows == follows && contains($0.root, shown) }) {
                walks[index].subscriptions += subs
            } else {
                walks.append(Walk(root: shown, follows: follows, subscriptions: subs))
            }
        }
        return walks
    }

    /// The ignore rules in force above a walk of `root`, for a root inside the project: the repository's excludes
    /// (`info/exclude`, `core.excludesFile`), then the `.gitignore` files from the project root down to the parent of `root`.
    private func ancestorIgnores(_ root: String) -> [IgnoreRules] {
        guard !root.hasPrefix("/"), !root.split(separator: "/").contains("..") else { return [] }
        var levels = IgnoreRules.repositoryExcludes(root: context.root, environment: context.environment)
        guard root != "." else { return levels }
        var shown = ""
        for part in [""] + root.split(separator: "/").dropLast().map(String.init) {
            shown = shown.isEmpty ? part : shown + "/" + part
            if let rules = IgnoreRules.load(systemPath: Array(systemPath(shown.isEmpty ? "." : shown).utf8), base: Array(shown.utf8)) { levels.append(rules) }
        }
        return levels
    }

    /// Whether the walk of `root` reaches `entry` through real folders only.
    private func contains(_ root: String, _ entry: String) -> Bool {
        let relative: Substring
        if root == "." {
            guard !entry.hasPrefix("/") else { return false }
            relative = entry[...]
        } else {
            guard entry.hasPrefix(root + "/") else { return false }
            relative = entry.dropFirst(root.count + 1)
        }
        let parts = relative.split(separator: "/")
        guard !parts.contains("..") else { return false }
        var current = root == "." ? "" : root + "/"
        for part in parts {
            current += String(part)
            var status = stat()
            guard lstat(systemPath(current), &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else { return false }
            current += "/"
        }
        return true
    }

    private func measureFile(_ shown: String, _ status: stat, _ subs: [Subscription]) {
        let bytes = Array(shown.utf8)
        let name = Array((shown.split(separator: "/").last.map(String.init) ?? shown).utf8)
        var readers: [Int32] = []
        let before = tally.keepsParts ? subs.map { tally.totals[$0.id] } : []
        defer { for (sub, before) in zip(subs, before) { tally.addPart(sub.id, shown, since: before) } }
        bytes.withUnsafeBufferPointer { path in
            name.withUnsafeBufferPointer { name in
                for sub in subs where sub.set.takesEverything || sub.set.accepts(name: name, path: path) {
                    if sub.kind == .files, (status.st_mode & S_IFMT) == S_IFREG { tally.totals[sub.id] += 1 }
                    if sub.stats { sub.add(status, to: &tally, shared: shared) }
                    if sub.reads { readers.append(Int32(sub.id)) }
                }
            }
        }
        guard !readers.isEmpty else { return }
        let file = open(systemPath(shown), O_RDONLY | O_CLOEXEC)
        let failure = file < 0 ? errno : reader.read(file, for: readers, into: &tally.totals)
        if file >= 0 { close(file) }
        if let failure { readers.forEach { shared.fail(Int($0), .system(failure, path: shown)) } }
    }

    private func systemPath(_ shown: String) -> String {
        if shown.hasPrefix("/") { return shown }
        if shown == "." { return context.root }
        return context.root.hasSuffix("/") ? context.root + shown : context.root + "/" + shown
    }

    // MARK: - Results

    private func results(_ specs: [MetricSpec]) -> [MetricPath: ProbeResult] {
        let out = metrics.results(specs, totals: tally.totals, newest: tally.newest, errors: shared.errors, missing: missing, now: context.clock.now())
        if let sink = context.breakdowns { metrics.record(specs, out, parts: tally.parts, missing: missing, in: sink) }
        return out
    }
}
