import DIMSCore

/// One commit's run of the `files`, `lines`, `bytes` and `grep` metrics over its tree: the walk of `FileSystemRun` and
/// `Walker` (the same subscriptions, globs, hidden and `.gitignore` rules), with a tree from git instead of folders on disk.
///
/// A folder's result is kept (`TreeMemo`) by its tree object, path, subscriptions and inherited `.gitignore` rules, so
/// the next commit that holds the same folder takes it without walking it again; folders with links below are walked
/// each time (a link's target lies elsewhere in the tree).
///
/// With breakdowns, what each subscription counts goes to the top-level folder below its `paths` entry, as in
/// `Walker`: a folder's own files when it is walked, a kept folder's whole result when it is taken (all of it lies in
/// one top-level folder); the entry's folder and those above other entries, which span several, are always walked.
final class TreeRun {
    private let tree: GitTree
    private let objects: GitBlobs
    private let memo: TreeMemo
    /// Folders walked this time, to keep once their lines and matches are counted: key, totals added, reads taken.
    private var staged: [(key: TreeMemo.Key, added: [(sub: Int, value: Int64)], reads: Range<Int>)] = []
    private var metrics = FileMetricPlan([], home: nil)
    private var errors: [Int: ProbeError] = [:]
    private var missing: [Int: String] = [:]
    private var subscriptions: [Subscription] = []
    /// What each subscription reads blobs for (lines, a grep), by position in `targetList`; -1 for none.
    private var subTarget: [Int] = []
    private var targetList: [FileReader.Target] = []
    private var tally = Tally(count: 0)
    /// The blobs each reading subscription takes, counted once the walk is over.
    private var reads: [(sub: Int, blob: Int32)] = []
    /// With breakdowns, the reads of each folder's own files and the part each reading subscription counts them in.
    private var partReads: [(reads: Range<Int>, names: [Int: String])] = []

    init(tree: GitTree, objects: GitBlobs, memo: TreeMemo) {
        self.tree = tree
        self.objects = objects
        self.memo = memo
    }

    /// The results of `specs` at this tree; with a `breakdowns` sink, their breakdowns by top-level folder go there.
    func run(_ specs: [MetricSpec], home: String?, breakdowns: BreakdownSink? = nil) -> [MetricPath: ProbeResult] {
        metrics = FileMetricPlan(specs, home: home, refusal: TreeRun.unknowable)
        subscriptions = metrics.subscriptions
        subTarget = metrics.targets.map { target in
            guard let target else { return -1 }
            if let known = targetList.firstIndex(of: target) { return known }
            targetList.append(target)
            return targetList.count - 1
        }
        tally = Tally(count: subscriptions.count, parts: breakdowns != nil)
        for walk in plan() {
            let ignores = walk.subscriptions.contains { $0.set.gitignore } ? ancestorIgnores(walk.root) : Ignores()
            guard let node = tree.folder(at: walk.root) else { continue }
            visit(walk.root, node, active: walk.subscriptions.filter { $0.entry == walk.root }, pending: walk.subscriptions.filter { $0.entry != walk.root },
                  ignores: ignores)
        }
        countReads()
        let out = results(specs)
        if let breakdowns { metrics.record(specs, out, parts: tally.parts, missing: missing, in: breakdowns) }
        return out
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
            if tree.folder(at: entry) != nil {
                let follows = subs[0].set.links == .follow
                if let index = walks.firstIndex(where: { $0.follows == follows && ($0.root.isEmpty || (entry.starts(with: $0.root) && entry.count > $0.root.count && entry[$0.root.count] == UInt8(ascii: "/"))) }) {
                    walks[index].subscriptions += subs
                } else {
                    walks.append(Walk(root: entry, follows: follows, subscriptions: subs))
                }
            } else if let file = tree.file(at: entry) {
                measureFile(file, subs)
            } else {
                for sub in subs { missing[sub.metric] = missing[sub.metric] ?? shown }
            }
        }
        return walks
    }

    /// A folder's `.gitignore` rules, and the key they are kept by (its blob and folder).
    struct Ignores {
        var levels: [IgnoreRules] = []
        var keys: [String] = []
    }

    /// The `.gitignore` rules of the folders from the project root down to the parent of `root`.
    private func ancestorIgnores(_ root: [UInt8]) -> Ignores {
        guard !root.isEmpty else { return Ignores() }
        var ignores = Ignores()
        var folder: [UInt8] = []
        for part in [[]] + root.split(separator: UInt8(ascii: "/")).dropLast().map(Array.init) {
            folder = folder.isEmpty ? part : folder + [UInt8(ascii: "/")] + part
            if let node = tree.folder(at: folder) { addIgnoreRules(in: folder, node, to: &ignores) }
        }
        return ignores
    }

    private func addIgnoreRules(in folder: [UInt8], _ node: TreeNode, to ignores: inout Ignores) {
        guard let entry = node.entry(named: Array(".gitignore".utf8)[...]), entry.kind == .file,
              let rules = objects.ignoreRules(blob: entry.object, base: folder) else { return }
        ignores.levels.append(rules)
        ignores.keys.append(entry.object + "\u{0}" + String(decoding: folder, as: UTF8.self))
    }

    // MARK: - Walking

    /// Visits one folder as `Walker.visit` does, or takes its result from an earlier commit that held the same folder.
    private func visit(_ folder: [UInt8], _ node: TreeNode, active: [Subscription], pending: [Subscription], ignores inherited: Ignores) {
        let key = TreeMemo.Key(node: node.serial, path: folder, active: active.map(\.id), pending: pending.map(\.id), ignores: inherited.keys)
        let breakdowns = tally.keepsParts
        // With breakdowns, a kept result is taken only where it lies in one top-level folder of each subscription.
        let onePart = !breakdowns || (pending.isEmpty && !active.contains { $0.entry.count == folder.count })
        if !node.holdsLinks, onePart, let kept = memo.results[key] {
            var names = PartNames(folder: folder)
            for (sub, value) in kept {
                tally.totals[sub] += value
                if breakdowns { tally.addPart(sub, names.name(below: subscriptions[sub].entry), adding: value) }
            }
            return
        }
        let before = node.holdsLinks ? [] : tally.totals, firstRead = reads.count
        let own = breakdowns ? active.map { tally.totals[$0.id] } : []
        var ignores = inherited
        let usesIgnores = active.contains { $0.set.gitignore }
        if usesIgnores { addIgnoreRules(in: folder, node, to: &ignores) }
        let levels = usesIgnores ? ignores.levels : []
        // Which subscriptions take a file depends on its name here, not its content: known names skip the globs.
        let takersKey = TreeMemo.FolderKey(path: folder, active: key.active, ignores: usesIgnores ? ignores.keys : [])
        var takers = memo.takers.removeValue(forKey: takersKey) ?? [:]
        for entry in node.entries where entry.folder == nil {
            if entry.kind == .file, let known = takers[entry.name] {
                for id in known { count(subscriptions[id], entry) }
                continue
            }
            let path = folder.isEmpty ? entry.name : folder + [UInt8(ascii: "/")] + entry.name
            let file = GitTree.File(path: path, nameStart: path.count - entry.name.count, entry: entry)
            switch entry.kind {
            case .file: takers[entry.name] = self.file(file, content: file, viaLink: false, active, levels)
            case .link: link(file, active, levels)
            case .submodule, .folder: break
            }
        }
        memo.takers[takersKey] = takers
        if breakdowns { addParts(folder, active, own, reads: firstRead..<reads.count) }
        for entry in node.entries {
            guard let contents = entry.folder else { continue }
            let name = entry.name
            let child = folder.isEmpty ? name : folder + [UInt8(ascii: "/")] + name
            let ignored = !levels.isEmpty && child.withUnsafeBufferPointer { shown in
                name.withUnsafeBufferPointer { IgnoreRules.ignores(levels, shown: shown, name: $0, isFolder: true) }
            }
            let inner = name.withUnsafeBufferPointer { buffer in active.filter { $0.enters(folder: buffer) && !(ignored && $0.set.gitignore) } }
            let arriving = pending.filter { $0.entry == child }
            let waiting = pending.filter { $0.entry.count > child.count && $0.entry.starts(with: child) && $0.entry[child.count] == UInt8(ascii: "/") }
            if !inner.isEmpty || !arriving.isEmpty || !waiting.isEmpty {
                visit(child, contents, active: inner + arriving, pending: waiting, ignores: ignores)
            }
        }
        if !node.holdsLinks {
            let added = tally.totals.indices.compactMap { tally.totals[$0] != before[$0] ? ($0, tally.totals[$0] - before[$0]) : nil }
            staged.append((key, added, firstRead..<reads.count))
        }
    }

    /// Counts `file` (its content from `content`, the file a link resolves to) for the subscriptions that take it, and
    /// says which those are.
    @discardableResult
    private func file(_ file: GitTree.File, content: GitTree.File, viaLink: Bool, _ active: [Subscription], _ levels: [IgnoreRules]) -> [Int] {
        var taken: [Int] = []
        var ignored: Bool?
        for sub in active {
            let takes = file.path.withUnsafeBufferPointer { shown in
                let name = UnsafeBufferPointer(rebasing: shown[file.nameStart...])
                guard sub.takes(name: name, path: shown, viaLink: viaLink) else { return false }
                guard sub.set.gitignore, !levels.isEmpty else { return true }
                if ignored == nil { ignored = IgnoreRules.ignores(levels, shown: shown, name: name, isFolder: false) }
                return ignored == false
            }
            if takes {
                count(sub, content.entry)
                taken.append(sub.id)
            }
        }
        return taken
    }

    /// A link: counted as the file it points to by subscriptions that follow links, as `Walker.link` does.
    private func link(_ link: GitTree.File, _ active: [Subscription], _ levels: [IgnoreRules]) {
        let following = active.filter { $0.set.links != .skip }
        guard !following.isEmpty, let resolved = tree.resolve(link, target: { objects.text(blob: $0.entry.object) }) else { return }
        if let content = resolved.file {
            file(link, content: content, viaLink: true, following, levels)
        } else if active.contains(where: { $0.set.links == .follow }) {
            let shown = String(decoding: link.path, as: UTF8.self)
            for sub in following where sub.set.links == .follow {
                fail(sub.id, ProbeError(code: .invalidOption, message: "'\(shown)' links to a folder, which backfill does not follow"))
            }
        }
    }

    /// A `paths` entry that is a file, as `FileSystemRun.measureFile` does (a link counts as what it points to).
    private func measureFile(_ file: GitTree.File, _ subs: [Subscription]) {
        var content = file
        if file.entry.kind == .link {
            guard let resolved = tree.resolve(file, target: { objects.text(blob: $0.entry.object) }), let target = resolved.file else {
                for sub in subs { missing[sub.metric] = missing[sub.metric] ?? String(decoding: file.path, as: UTF8.self) }
                return
            }
            content = target
        }
        guard content.entry.kind == .file else { return }
        let before = tally.keepsParts ? subs.map { tally.totals[$0.id] } : [], firstRead = reads.count
        file.path.withUnsafeBufferPointer { path in
            let name = UnsafeBufferPointer(rebasing: path[file.nameStart...])
            for sub in subs where sub.set.takesEverything || sub.set.accepts(name: name, path: path) { count(sub, content.entry) }
        }
        guard !before.isEmpty else { return }
        // As `FileSystemRun.measureFile`: the file is its own part.
        let shown = String(decoding: file.path, as: UTF8.self)
        for (sub, before) in zip(subs, before) { tally.addPart(sub.id, shown, since: before) }
        if firstRead < reads.count { partReads.append((firstRead..<reads.count, Dictionary(subs.map { ($0.id, shown) }, uniquingKeysWith: { first, _ in first }))) }
    }

    // MARK: - Breakdowns

    /// Adds what each of `active` counted in `folder`'s own files (since `before`) to its part, and notes the part of
    /// the blobs its files gave to read (`reads`), which are counted later.
    private func addParts(_ folder: [UInt8], _ active: [Subscription], _ before: [Int64], reads own: Range<Int>) {
        var names = PartNames(folder: folder)
        for (sub, before) in zip(active, before) { tally.addPart(sub.id, names.name(below: sub.entry), since: before) }
        guard !own.isEmpty else { return }
        // Only these subscriptions take files here, so only they have reads among `own`.
        var reading: [Int: String] = [:]
        for sub in active where sub.kind == .lines || sub.kind == .grep { reading[sub.id] = names.name(below: sub.entry) }
        partReads.append((own, reading))
    }

    private func count(_ sub: Subscription, _ file: TreeNode.Entry) {
        switch sub.kind {
        case .files: tally.totals[sub.id] += 1
        case .bytes: tally.totals[sub.id] += file.size
        case .lines, .grep: reads.append((sub.id, file.blob))
        case .age: break
        }
    }

    private func fail(_ id: Int, _ error: ProbeError) {
        if errors[id] == nil { errors[id] = error }
    }

    /// Adds the lines or matches of every blob read, each blob counted once for all commits (`GitBlobs`), and keeps
    /// the result of each folder walked for the next commits.
    private func countReads() {
        var columns: [[Int64]] = Array(repeating: [], count: targetList.count)
        if !reads.isEmpty {
            var wanted: [[Int32]] = Array(repeating: [], count: targetList.count)
            for read in reads where subTarget[read.sub] >= 0 { wanted[subTarget[read.sub]].append(read.blob) }
            let asked = wanted.indices.filter { !wanted[$0].isEmpty }
            do throws(ProbeError) {
                let counts = try objects.counts(asked.map { (targetList[$0], wanted[$0]) })
                for (target, column) in zip(asked, counts) { columns[target] = column }
            } catch {
                for read in reads { fail(read.sub, error) }
                return
            }
        }
        func counted(_ read: (sub: Int, blob: Int32)) -> Int64 {
            let target = subTarget[read.sub]
            return target < 0 ? 0 : max(0, columns[target][Int(read.blob)])
        }
        for read in reads { tally.totals[read.sub] += counted(read) }
        // Summed by subscription over each folder's reads first: one dictionary update per folder, not per file.
        var sums = [Int64](repeating: 0, count: subscriptions.count)
        for (range, names) in partReads {
            for read in reads[range] { sums[read.sub] += counted(read) }
            for (sub, name) in names {
                tally.addPart(sub, name, adding: sums[sub])
                sums[sub] = 0
            }
        }
        for folder in staged {
            var kept = Dictionary(folder.added, uniquingKeysWith: +)
            for read in reads[folder.reads] { kept[read.sub, default: 0] += counted(read) }
            memo.results[folder.key] = kept
        }
    }

    // MARK: - Results

    private func results(_ specs: [MetricSpec]) -> [MetricPath: ProbeResult] {
        metrics.results(specs, totals: tally.totals, errors: errors, missing: missing, now: Timestamp(micros: 0))
    }
}

/// The part a folder's files count in for each `paths` entry above it (`FolderPart`), each name made once.
struct PartNames {
    let folder: [UInt8]
    private var names: [[UInt8]: String] = [:]

    init(folder: [UInt8]) {
        self.folder = folder
    }

    mutating func name(below entry: [UInt8]) -> String {
        if let known = names[entry] { return known }
        let made = folder.withUnsafeBufferPointer { FolderPart.name(shown: $0, entry: entry) }
        names[entry] = made
        return made
    }
}

/// What `TreeRun` keeps of each folder it walked, for the commits after: the totals it added to each subscription.
final class TreeMemo {
    struct Key: Hashable {
        var node: Int
        var path: [UInt8]
        var active: [Int]
        var pending: [Int]
        var ignores: [String]
    }

    /// The metrics the results were found for (subscriptions are numbered from them); other metrics start afresh.
    let specs: [MetricSpec]
    var results: [Key: [Int: Int64]] = [:]
    /// Which subscriptions took each file name of a folder walked with these subscriptions and `.gitignore` rules.
    var takers: [FolderKey: [[UInt8]: [Int]]] = [:]

    struct FolderKey: Hashable {
        var path: [UInt8]
        var active: [Int]
        var ignores: [String]
    }

    init(specs: [MetricSpec]) {
        self.specs = specs
    }
}
