public import DIMSCore
import DIMSSystem
import Foundation
import NIOConcurrencyHelpers

/// A repository's past as `dims backfill` reads it: the commits to measure on the current branch, and the file and
/// git metrics at each, from git's objects alone (no checkout; the work tree is never touched).
///
/// Trees and files are read with one `git cat-file --batch` for the whole run: each tree object and each blob once
/// whatever the number of commits that hold it (blob sizes from one `git cat-file --batch-check`); a folder unchanged
/// since an earlier point is not walked again (`TreeMemo`). `git` metrics come from one walk of the history.
public final class GitHistory: @unchecked Sendable {
    // @unchecked: the blob and tree caches and `memo` are only touched while holding `lock`.

    /// A commit to measure, and the time it stands for (its committer time).
    public struct Point: Hashable, Sendable {
        public var commit: String
        public var time: Timestamp

        public init(commit: String, time: Timestamp) {
            self.commit = commit
            self.time = time
        }
    }

    /// Which commits of the first-parent history to measure: the last of each UTC day, of each week (Monday to Sunday), or all.
    public enum Interval: String, Sendable, CaseIterable {
        case day = "1d", week = "1w", commit
    }

    public let root: String
    public let environment: [String: String]
    public let git: String
    private let lock = NIOLock()
    private let blobs: GitBlobs
    /// The results of folders walked at earlier points.
    private var memo = TreeMemo(specs: [])

    /// A history of the repository holding `root` (the project root; only what lies below it is measured).
    public init(root: String, environment: [String: String], git: String = "git") {
        self.root = root
        self.environment = environment
        self.git = git
        blobs = GitBlobs(git: git, directory: root, environment: environment)
    }

    /// How many blobs were read so far, and their bytes.
    public var blobsRead: (count: Int, bytes: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (blobs.blobsRead, blobs.bytesRead)
    }

    /// The commits to measure, oldest first: of `HEAD`'s first-parent history, those in `since...until` (by committer
    /// time), one per `every` (the newest of its day or week).
    public func points(every: Interval, since: Timestamp?, until: Timestamp?) throws(ProbeError) -> [Point] {
        let output = try run(["log", "--first-parent", "--format=%H %ct", "HEAD"], what: "list the commits")
        var points: [Point] = []
        var buckets = Set<Int64>()
        for line in output.split(separator: 10) {
            let fields = line.split(separator: 32)
            guard fields.count == 2, let seconds = Int64(String(decoding: fields[1], as: UTF8.self)) else {
                throw ProbeError(code: .unparsableOutput, message: "Git listed a commit that cannot be read: '\(String(decoding: line, as: UTF8.self))'")
            }
            let time = Timestamp(micros: seconds * 1_000_000)
            if let since, time < since { continue }
            if let until, time > until { continue }
            let days = Int64(time.day.daysSince1970)
            switch every {
            case .commit: break
            case .day: guard buckets.insert(days).inserted else { continue }
            // 1970-01-01 was a Thursday: adding 3 makes weeks start on Monday.
            case .week: guard buckets.insert(Int64((Double(days + 3) / 7).rounded(.down))).inserted else { continue }
            }
            points.append(Point(commit: String(decoding: fields[0], as: UTF8.self), time: time))
        }
        return points.reversed()
    }

    /// The sources that measure at `point`: `files`, `lines`, `bytes` and `grep` from its tree, `git` from `counted`
    /// (the values `PastGitCounts` found for this point) or else by running git at the commit.
    func sources(at point: Point, counted: [MetricPath: ProbeResult]) -> [any MetricSource] {
        [TreeSource(history: self, commit: point.commit), PastGitSource(counted: counted, git: GitSource(git: git, revision: point.commit))]
    }

    /// The context of a measurement at `point`: the clock stands at the commit's time.
    public func context(at point: Point) -> ProbeContext {
        ProbeContext(root: root, environment: environment, clock: FixedClock(point.time))
    }

    /// What `measure` found at one point: each metric's result, and with breakdowns those of its file metrics.
    public struct Measured: Sendable {
        public var results: [MetricPath: ProbeResult] = [:]
        /// The breakdowns by top-level folder of the file metrics measured, when asked for.
        public var breakdowns: BreakdownSink?
    }

    /// `specs` at each of `points` (formulas from the inputs measured there), `concurrency` points at a time, so that
    /// one point's git processes run while another's tree is walked; `progress` gets the number of points done. The
    /// `git` metrics of all points come first, from one walk of the history. With `breakdowns`, file metrics are
    /// broken down by top-level folder as `dims verify` does.
    public func measure(_ specs: [MetricSpec], at points: [Point], concurrency: Int = 4, breakdowns: Bool = false,
                        progress: @escaping @Sendable (Int) -> Void = { _ in }) async -> [Measured] {
        // All the points' trees in a few requests to git instead of a few per point (a failure shows at each point),
        // while the git metrics are counted.
        let readsTrees = specs.contains { [.files, .lines, .bytes, .grep].contains($0.source) }
        async let prefetched: Void = readsTrees ? BlockingPool.shared.run { self.prefetchTrees(points.map(\.commit)) } : ()
        let gitSpecs = specs.filter { $0.source == .git }
        let counted = gitSpecs.isEmpty ? Array(repeating: [:], count: points.count)
            : await BlockingPool.shared.run { PastGitCounts(history: self).results(gitSpecs, at: points) }
        await prefetched
        var results = Array(repeating: Measured(), count: points.count)
        await withTaskGroup(of: (Int, Measured).self) { group in
            var next = 0
            func start() {
                let index = next, point = points[index]
                next += 1
                group.addTask {
                    var context = self.context(at: point)
                    context.breakdowns = breakdowns ? BreakdownSink() : nil
                    let results = await Measurer(sources: self.sources(at: point, counted: counted[index])).measure(specs, context: context)
                    return (index, Measured(results: results, breakdowns: context.breakdowns))
                }
            }
            while next < min(max(1, concurrency), points.count) { start() }
            var done = 0
            for await (index, result) in group {
                results[index] = result
                done += 1
                progress(done)
                if next < points.count { start() }
            }
        }
        return results
    }

    /// The tree of `commit` below the project root.
    func tree(at commit: String) throws(ProbeError) -> GitTree {
        lock.lock()
        defer { lock.unlock() }
        do throws(ProbeError) {
            return try blobs.tree(at: commit)
        } catch {
            // `cat-file` says only "missing": git's own words say why (no commit yet, not a repository).
            _ = try run(["ls-tree", commit], what: "list the tree of '\(commit)'")
            throw error
        }
    }

    /// Reads the trees of `commits` into the cache with one `cat-file` per level of folders. Only a warm-up: when it
    /// fails (a commit git cannot read), nothing is cached, and each commit's tree is read again on its own by
    /// `measureFiles`, where its failure is named for that commit and the others still measure.
    private func prefetchTrees(_ commits: [String]) {
        lock.lock()
        defer { lock.unlock() }
        _ = try? blobs.trees(at: commits)
    }

    /// The file metrics `specs` at `commit`, their breakdowns left in `breakdowns` when given.
    func measureFiles(_ specs: [MetricSpec], at commit: String, breakdowns: BreakdownSink? = nil) -> [MetricPath: ProbeResult] {
        lock.lock()
        defer { lock.unlock() }
        let tree: GitTree
        do throws(ProbeError) {
            tree = try blobs.tree(at: commit)
        } catch {
            return Dictionary(uniqueKeysWithValues: specs.map { ($0.path, ProbeResult.failure("Git could not read the tree of '\(commit)': \(error.message)")) })
        }
        if memo.specs != specs { memo = TreeMemo(specs: specs) }
        return TreeRun(tree: tree, objects: blobs, memo: memo).run(specs, home: environment["HOME"], breakdowns: breakdowns)
    }

    /// The output of git run with `arguments` in the project root; `what` it was to do names a failure.
    func run(_ arguments: [String], what: String) throws(ProbeError) -> [UInt8] {
        var process = Subprocess(arguments: [git] + arguments, directory: root, environment: environment, timeout: 600)
        process.outputLimit = 1 << 30
        let outcome = try process.run()
        guard !outcome.timedOut, outcome.status == 0 else {
            let reason = outcome.timedOut ? "it took longer than 600 s" : outcome.errorLines()
            throw ProbeError(code: .commandFailed, message: "Git could not \(what): \(reason)")
        }
        return outcome.output
    }
}

/// The `files`, `lines`, `bytes` and `grep` metrics at one commit, from its tree.
struct TreeSource: MetricSource {
    let history: GitHistory
    let commit: String
    var kinds: Set<SourceKind> { SourceKind.fileSystem }

    func measure(_ specs: [MetricSpec], context: ProbeContext) async -> [MetricPath: ProbeResult] {
        let history = history, commit = commit, breakdowns = context.breakdowns
        return await BlockingPool.shared.run { history.measureFiles(specs, at: commit, breakdowns: breakdowns) }
    }
}

/// The `git` metrics at one point: those counted for all points at once, the others (with `paths`) by git at the commit.
struct PastGitSource: MetricSource {
    let counted: [MetricPath: ProbeResult]
    let git: GitSource
    var kinds: Set<SourceKind> { [.git] }

    func measure(_ specs: [MetricSpec], context: ProbeContext) async -> [MetricPath: ProbeResult] {
        let rest = specs.filter { counted[$0.path] == nil }
        var results = counted.filter { path, _ in specs.contains { $0.path == path } }
        if !rest.isEmpty { results.merge(await git.measure(rest, context: context)) { _, new in new } }
        return results
    }
}
