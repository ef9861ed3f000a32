@testable import DIMSProbes
import DIMSCore
import Foundation
import Testing

/// The `git` source's cache: real repositories, the real git binary, and a git that does not exist to prove a run
/// started none.
struct GitSourceCacheTests {
    static let missingGit = "/nonexistent/bin/git"
    let onelineSpec = MetricSpec.test(.git, ["since": "1 month ago", "all": true, "grep": "fix", "ignore_case": true, "grep_scope": "oneline"])

    /// A repository with commits dated relative to now: two outside a month, four inside it, one on a side branch.
    func repository() throws -> Fixture {
        let tree = try Fixture()
        try tree.sh("git init -q -b main . && git config user.email t@example.com && git config user.name Tester")
        let day = 86_400
        let now = Int(Date().timeIntervalSince1970)
        let commits = [(60 * day, "Fix the start", "main"), (40 * day, "Add loader", "main"), (20 * day, "fix: empty rows", "main"),
                       (10 * day, "Docs", "main"), (5 * day, "FIX side", "side"), (2 * day, "fix again", "main")]
        for (index, (age, message, branch)) in commits.enumerated() {
            try commit(tree, at: now - age, message, file: "f\(index)", branch: branch)
        }
        return tree
    }

    func commit(_ tree: Fixture, at seconds: Int, _ message: String, file: String, branch: String = "main") throws {
        if branch != "main" { try tree.sh("git checkout -q -B \(branch)") }
        try tree.write(file, "\(seconds)\n")
        try tree.sh("git add -A && GIT_AUTHOR_DATE=@\(seconds) GIT_COMMITTER_DATE=@\(seconds) git commit -q -m '\(message)'")
        if branch != "main" { try tree.sh("git checkout -q main") }
    }

    func measure(_ tree: Fixture, _ spec: MetricSpec, cache: SourceCache, git: String = "git") async -> ProbeResult? {
        var context = tree.context
        context.cache = cache
        return await GitSource(git: git).measure([spec], context: context)[spec.path]
    }

    @Test func aRunWhereNoRefMovedAnswersFromTheCacheWithoutGit() async throws {
        let tree = try repository()
        let expected = try tree.shValue("git log --all --since='1 month ago' --oneline | grep -i fix | wc -l")
        let first = SourceCache()
        #expect(await measure(tree, onelineSpec, cache: first) == expected)
        #expect(expected == .value(.integer(3)))
        #expect(first.written.keys.sorted() == ["git:test.metric"])

        let second = SourceCache(first.written)
        #expect(await measure(tree, onelineSpec, cache: second, git: Self.missingGit) == expected)
        #expect(second.written.isEmpty)
    }

    @Test func aMovedRefIsCountedAgain() async throws {
        let tree = try repository()
        let first = SourceCache()
        #expect(await measure(tree, onelineSpec, cache: first) == .value(.integer(3)))
        try commit(tree, at: Int(Date().timeIntervalSince1970) - 60, "Fix once more", file: "g")

        // The stored entry no longer matches the refs: the run needs git, and fails without it.
        let stale = await measure(tree, onelineSpec, cache: SourceCache(first.written), git: Self.missingGit)
        guard case .failure = stale else { Issue.record("expected a failure, got \(String(describing: stale))"); return }
        let second = SourceCache(first.written)
        #expect(await measure(tree, onelineSpec, cache: second) == .value(.integer(4)))
        #expect(second.written["git:test.metric"] != first.written["git:test.metric"])
    }

    @Test func countsWithoutSinceKeepOnlyTheCountAndTheNewestTime() async throws {
        let tree = try repository()
        let spec = MetricSpec.test(.git, ["grep": "fix", "ignore_case": true])
        let expected = try tree.shValue("git rev-list --count -i --grep=fix HEAD")
        let first = SourceCache()
        #expect(await measure(tree, spec, cache: first) == expected)
        let entry = try #require(first.written["git:test.metric"].flatMap(GitTimes.init(decoding:)))
        #expect(entry.count == 3 && entry.times.count == 1 && entry.since == nil)
        #expect(await measure(tree, spec, cache: SourceCache(first.written), git: Self.missingGit) == expected)
    }

    @Test func latestAgeAndUntilAreAnsweredFromTheCache() async throws {
        let tree = try repository()
        let spec = MetricSpec.test(.git, ["measure": "latest_age_days", "since": "50 days ago", "until": "7 days ago", "all": true])
        let first = SourceCache()
        let fresh = await measure(tree, spec, cache: first)
        #expect(fresh == .value(.integer(10)))
        #expect(await measure(tree, spec, cache: SourceCache(first.written), git: Self.missingGit) == fresh)
        let count = MetricSpec.test(.git, ["since": "50 days ago", "until": "7 days ago", "all": true])
        let counted = SourceCache()
        #expect(await measure(tree, count, cache: counted) == (try tree.shValue("git rev-list --count --since='50 days ago' --until='7 days ago' --all")))
        #expect(await measure(tree, count, cache: SourceCache(counted.written), git: Self.missingGit) == .value(.integer(3)))
    }

    /// Git stops its walk at the first commit older than `since`; when a commit is newer than its child, a later
    /// cut of the list could differ from git's, so nothing is kept.
    @Test func aCommitNewerThanItsChildIsNotKept() async throws {
        let tree = try repository()
        let now = Int(Date().timeIntervalSince1970)
        try commit(tree, at: now - 3 * 86_400, "fix: parent", file: "p")
        try commit(tree, at: now - 4 * 86_400, "fix: older child", file: "c")
        let cache = SourceCache()
        let result = await measure(tree, onelineSpec, cache: cache)
        #expect(result == (try tree.shValue("git log --all --since='1 month ago' --oneline | grep -i fix | wc -l")))
        #expect(cache.written.isEmpty)
    }

    @Test func metricsWithPathsOrARedirectedGitAlwaysRunGit() async throws {
        let tree = try repository()
        let cache = SourceCache()
        #expect(await measure(tree, .test(.git, ["paths": "f1"]), cache: cache) == .value(.integer(1)))
        var context = tree.context
        context.cache = cache
        context.environment["GIT_DIR"] = tree.root + "/.git"
        #expect(await GitSource().measure([.test(.git, [:])], context: context)["test.metric"] == .value(.integer(5)))
        #expect(cache.written.isEmpty)
    }

    /// The signature spells scalar options as their interpolation did, so entries written before stay valid.
    @Test(arguments: [ConfigValue.string("fix \"it\"\n"), .string(""), .integer(-3), .float(0.1), .float(2), .boolean(true), .null])
    func signatureTextIsTheInterpolation(value: ConfigValue) {
        #expect(GitSource.signatureText(value) == "\(value)")
    }

    @Test func theRefStateChangesWhenARefMovesAndOnlyThen() throws {
        let tree = try repository()
        let env = ["HOME": tree.root]
        let before = try #require(GitRefState.read(from: tree.root, environment: env))
        #expect(GitRefState.read(from: tree.root, environment: env) == before)
        try tree.write("sub/x", "1\n")
        #expect(GitRefState.read(from: tree.root + "/sub", environment: env) == before)
        try tree.sh("git branch extra")
        let branched = try #require(GitRefState.read(from: tree.root, environment: env))
        #expect(branched != before)
        try tree.sh("git pack-refs --all")
        let packed = try #require(GitRefState.read(from: tree.root, environment: env))
        #expect(packed != branched)
        try tree.sh("git checkout -q side")
        #expect(GitRefState.read(from: tree.root, environment: env) != packed)
    }

    @Test func aLinkedWorktreeReadsTheSharedRefs() throws {
        let tree = try repository()
        try tree.sh("git worktree add -q linked side")
        let env = ["HOME": tree.root]
        let located = try #require(GitRefState.locate(from: tree.root + "/linked"))
        #expect(located.gitDir.hasSuffix("/.git/worktrees/linked"))
        let before = try #require(GitRefState.read(from: tree.root + "/linked", environment: env))
        try tree.sh("git branch from-main main")
        #expect(GitRefState.read(from: tree.root + "/linked", environment: env) != before)
    }
}

/// `GitDate` computes relative dates exactly as git does; `git rev-parse --since` at a fixed now is the reference.
struct GitDateTests {
    @Test(arguments: ["1 month ago", "2 weeks ago", "3 days ago", "1.month.ago", "12 hours", "1 year ago", "90 minutes ago",
                      "45 seconds ago", "1 week ago", "13 months ago"])
    func relativeDatesMatchGit(_ text: String) throws {
        let tree = try Fixture()
        try tree.sh("git init -q .")
        for now in [1_743_422_400, 1_709_208_000, 1_761_447_600, 1_767_139_200] {  // 2025-03-31, 2024-02-29, 2025-10-26, 2025-12-31
            let git = try tree.sh("GIT_TEST_DATE_NOW=\(now) git rev-parse --since='\(text)'")
            #expect(GitDate.relative(text, now: now).map { "--max-age=\($0)" } == git, "'\(text)' at \(now)")
        }
    }

    @Test func otherFormsAreLeftToGit() throws {
        for text in ["yesterday", "2025-10-01", "last monday", "1.5 days ago", "01 day ago", "a week ago", "1 fortnight ago"] {
            #expect(GitDate.relative(text, now: 1_761_447_600) == nil, "'\(text)'")
        }
        let tree = try Fixture()
        try tree.sh("git init -q .")
        let resolved = GitDate.resolve("2025-10-01 12:00:00 +0000", since: true, now: 0, git: "git", directory: tree.root,
                                       environment: ["PATH": "/usr/bin:/bin", "HOME": tree.root])
        #expect(resolved == 1_759_320_000)
    }
}
