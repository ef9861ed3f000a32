import DIMSCore

/// One commit's run of the `files`, `lines`, `bytes` and `grep` metrics over its tree: the walk of `FileSystemRun` and
/// `Walker` (the same subscriptions, globs, hidden and `.gitignore` rules), with a tree from git instead of folders on disk.
final class TreeRun {
    private let tree: GitTree
    private let objects: GitBlobs
    private var metrics = FileMetricPlan([], home: nil)
    private var errors: [Int: ProbeError] = [:]
    private var missing: [Int: String] = [:]
    private var targets: [FileReader.Target?] = []
    private var totals: [Int64] = []
    /// The blobs each reading subscription takes, counted once the walk is over.
    private var reads: [(sub: Int, blob: String)] = []

    init(tree: GitTree, objects: GitBlobs) {
        self.tree = tree
        self.objects = objects
    }

    func run(_ specs: [MetricSpec], home: String?) -> [MetricPath: ProbeResult] {
        metrics = FileMetricPlan(specs, home: home, refusal: TreeRun.unknowable)
        targets = metrics.targets
        totals = Array(repeating: 0, count: metrics.subscriptions.count)
        for walk in plan() {
            let ignores = walk.subscriptions.contains { $0.set.gitignore } ? ancestorIgnores(walk.root) : []
            visit(walk.root, active: walk.subscriptions.filter { $0.entry == walk.root }, pending: walk.subscriptions.filter { $0.entry != walk.root }, ignores: ignores)
        }
        countReads()
        return results(specs)
    }

    /// Why git cannot know a file metric's past values, or nil when it can.
    static func unknowable(_ metric: FileMetric) -> String? {
        if metric.kind == .age { return "Source 'age' takes modification times, which git does not keep" }
        if metric.kind == .bytes, metric.usage == .disk { return "Source 'bytes' with 'usage: disk' counts disk blocks, which git does not keep" }
        return nil
    }

    // MARK: - Planning

    struct Walk { var root: [UInt8]; var follows: Bool; var subscriptions: [Subscription] }

    /// Looks at every `paths` entry once, as `FileSystemRun.plan` does: files are measured now, folders become walks.
    private func plan() -> [Walk] {
        var walks: [Walk] = []
        for subs in metrics.byEntry {
            let entry = subs[0].entry
            let shown = entry.isEmpty ? "." : String(decoding: entry, as: UTF8.self)
            if entry.first == UInt8(ascii: "/") || entry.split(separator: UInt8(ascii: "/")).contains(where: { $0.elementsEqual("..".utf8) }) {
                for sub in subs { fail(sub.id, ProbeError(code: .invalidOption, message: "'\(shown)' lies outside the repository, so git has no history of it")) }
                continue
            }
            if tree.folders[entry] != nil {
                let follows = subs[0].set.links == .follow
                if let index = walks.firstIndex(where: { $0.follows == follows && ($0.root.isEmpty || (entry.starts(with: $0.root) && entry.count > $0.root.count && entry[$0.root.count] == UInt8(ascii: "/"))) }) {
                    walks[index].subscriptions += subs
                } else {
                    walks.append(Walk(root: entry, follows: follows, subscriptions: subs))
                }
            } else if let index = tree.byPath[entry] {
                measureFile(index, subs)
            } else {
                for sub in subs { missing[sub.metric] = missing[sub.metric] ?? shown }
            }
        }
        return walks
    }

    /// The `.gitignore` rules of the folders from the project root down to the parent of `root`.
    private func ancestorIgnores(_ root: [UInt8]) -> [IgnoreRules] {
        guard !root.isEmpty else { return [] }
        var levels: [IgnoreRules] = []
        var folder: [UInt8] = []
        for part in [[]] + root.split(separator: UInt8(ascii: "/")).dropLast().map(Array.init) {
            folder = folder.isEmpty ? part : folder + [UInt8(ascii: "/")] + part
            if let rules = ignoreRules(in: folder) { levels.append(rules) }
        }
        return levels
    }

    private func ignoreRules(in folder: [UInt8]) -> IgnoreRules? {
        let path = folder.isEmpty ? Array(".gitignore".utf8) : folder + Array("/.gitignore".utf8)
        guard let index = tree.byPath[path], tree.entries[index].kind == .file else { return nil }
        return objects.ignoreRules(blob: tree.entries[index].blob, base: folder)
    }

    // MARK: - Walking

    /// Visits one folder as `Walker.visit` does.
    private func visit(_ folder: [UInt8], active: [Subscription], pending: [Subscription], ignores inherited: [IgnoreRules]) {
        guard let contents = tree.folders[folder] else { return }
        var ignores = inherited
        let usesIgnores = active.contains { $0.set.gitignore }
        if usesIgnores, let rules = ignoreRules(in: folder) { ignores.append(rules) }
        let levels = usesIgnores ? ignores : []
        for index in contents.files {
            switch tree.entries[index].kind {
            case .file: file(index, content: index, viaLink: false, active, levels)
            case .link: link(index, active, levels)
            case .submodule: break
            }
        }
        for name in contents.folders {
            let child = folder.isEmpty ? name : folder + [UInt8(ascii: "/")] + name
            let ignored = !levels.isEmpty && child.withUnsafeBufferPointer { shown in
                name.withUnsafeBufferPointer { IgnoreRules.ignores(levels, shown: shown, name: $0, isFolder: true) }
            }
            let inner = name.withUnsafeBufferPointer { buffer in active.filter { $0.enters(folder: buffer) && !(ignored && $0.set.gitignore) } }
            let arriving = pending.filter { $0.entry == child }
            let waiting = pending.filter { $0.entry.count > child.count && $0.entry.starts(with: child) && $0.entry[child.count] == UInt8(ascii: "/") }
            if !inner.isEmpty || !arriving.isEmpty || !waiting.isEmpty {
                visit(child, active: inner + arriving, pending: waiting, ignores: ignores)
            }
        }
    }

    /// Counts the file at `index` (its content from `content`, the entry a link resolves to) for the subscriptions that take it.
    private func file(_ index: Int, content: Int, viaLink: Bool, _ active: [Subscription], _ levels: [IgnoreRules]) {
        let entry = tree.entries[index]
        let target = tree.entries[content]
        var ignored: Bool?
        for sub in active {
            let takes = entry.path.withUnsafeBufferPointer { shown in
                let name = UnsafeBufferPointer(rebasing: shown[entry.nameStart...])
                guard sub.takes(name: name, path: shown, viaLink: viaLink) else { return false }
                guard sub.set.gitignore, !levels.isEmpty else { return true }
                if ignored == nil { ignored = IgnoreRules.ignores(levels, shown: shown, name: name, isFolder: false) }
                return ignored == false
            }
            if takes { count(sub, target) }
        }
    }

    /// A link: counted as the file it points to by subscriptions that follow links, as `Walker.link` does.
    private func link(_ index: Int, _ active: [Subscription], _ levels: [IgnoreRules]) {
        let following = active.filter { $0.set.links != .skip }
        guard !following.isEmpty, let resolved = tree.resolve(index, target: { objects.text(blob: tree.entries[$0].blob) }) else { return }
        if let content = resolved.index {
            file(index, content: content, viaLink: true, following, levels)
        } else if active.contains(where: { $0.set.links == .follow }) {
            let shown = String(decoding: tree.entries[index].path, as: UTF8.self)
            for sub in following where sub.set.links == .follow {
                fail(sub.id, ProbeError(code: .invalidOption, message: "'\(shown)' links to a folder, which backfill does not follow"))
            }
        }
    }

    /// A `paths` entry that is a file, as `FileSystemRun.measureFile` does (a link counts as what it points to).
    private func measureFile(_ index: Int, _ subs: [Subscription]) {
        var content = index
        if tree.entries[index].kind == .link {
            guard let resolved = tree.resolve(index, target: { objects.text(blob: tree.entries[$0].blob) }), let target = resolved.index else {
                for sub in subs { missing[sub.metric] = missing[sub.metric] ?? String(decoding: tree.entries[index].path, as: UTF8.self) }
                return
            }
            content = target
        }
        let entry = tree.entries[index]
        guard tree.entries[content].kind == .file else { return }
        entry.path.withUnsafeBufferPointer { path in
            let name = UnsafeBufferPointer(rebasing: path[entry.nameStart...])
            for sub in subs where sub.set.takesEverything || sub.set.accepts(name: name, path: path) { count(sub, tree.entries[content]) }
        }
    }

    private func count(_ sub: Subscription, _ file: GitTree.Entry) {
        switch sub.kind {
        case .files: totals[sub.id] += 1
        case .bytes: totals[sub.id] += file.size
        case .lines, .grep: reads.append((sub.id, file.blob))
        case .age: break
        }
    }

    private func fail(_ id: Int, _ error: ProbeError) {
        if errors[id] == nil { errors[id] = error }
    }

    /// Adds the lines or matches of every blob read, each blob counted once for all commits (`GitBlobs`).
    private func countReads() {
        guard !reads.isEmpty else { return }
        var wanted: [FileReader.Target: Set<String>] = [:]
        for read in reads { if let target = targets[read.sub] { wanted[target, default: []].insert(read.blob) } }
        do throws(ProbeError) {
            let counts = try objects.counts(wanted)
            for read in reads {
                guard let target = targets[read.sub] else { continue }
                totals[read.sub] += counts[target]?[read.blob] ?? 0
            }
        } catch {
            for read in reads { fail(read.sub, error) }
        }
    }

    // MARK: - Results

    private func results(_ specs: [MetricSpec]) -> [MetricPath: ProbeResult] {
        metrics.results(specs, totals: totals, errors: errors, missing: missing, now: Timestamp(micros: 0))
    }
}
