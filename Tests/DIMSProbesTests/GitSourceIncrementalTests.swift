@testable import DIMSProbes
import DIMSCore
import Foundation
import Testing

/// The `git` cache brought forward when refs only moved forward: real repositories, the real git binary behind a
/// script that records each call, and a fixed clock (as `DIMS_NOW` gives) so that commits age out of `since`.
/// After every change the answer from the entry brought forward must equal a fresh count and git's own.
struct GitSourceIncrementalTests {
    /// 2025-10-09 18:53:20 UTC: the first run's now.
    static let start = 1_760_036_000
    static let day = 86_400

    let specs: [MetricSpec] = [
        .test(.git, ["since": "1 month ago", "all": true, "grep": "fix", "ignore_case": true, "grep_scope": "oneline"], path: "git.oneline"),
        .test(.git, ["grep": "fix", "ignore_case": true, "all": true], path: "git.whole"),
        .test(.git, ["since": "3 weeks ago"], path: "git.head"),
        .test(.git, ["since": "2 months ago", "until": "1 week ago", "all": true, "author": "Tester"], path: "git.until"),
        .test(.git, ["measure": "latest_age_hours", "since": "1 month ago", "all": true, "grep": "fix"], parse: .float, path: "git.age"),
    ]

    enum Way: Equatable { case cached, broughtForward, counted }

    /// A repository, the recording git, and the cache as the runs so far left it.
    final class Story {
        let tree: Fixture
        let git: String
        let calls: String
        var entries: [String: String] = [:]
        var now = GitSourceIncrementalTests.start
        /// Whether the last `measure` asked git for the tips.
        var tipsAsked = false

        init() throws {
            tree = try Fixture()
            try tree.sh("mkdir repo && cd repo && git init -q -b main . && git config user.email t@example.com && git config user.name Tester")
            calls = tree.root + "/calls"
            git = tree.root + "/git"
            try tree.write("git", "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '\(calls)'\nexec git \"$@\"\n")
            try tree.sh("chmod +x git")
        }

        var context: ProbeContext {
            ProbeContext(root: tree.root + "/repo", environment: ["HOME": tree.root, "PATH": "/usr/local/bin:/usr/bin:/bin"],
                         clock: FixedClock(Timestamp(seconds: Int64(now))))
        }

        /// Runs `command` in the repository with git's clock at `at` (commits made then).
        @discardableResult
        func run(_ command: String, at seconds: Int) throws -> String {
            try tree.sh("cd repo && export GIT_AUTHOR_DATE=@\(seconds) GIT_COMMITTER_DATE=@\(seconds) GIT_TEST_DATE_NOW=\(seconds) && \(command)")
        }

        func commit(_ message: String, at seconds: Int) throws {
            try tree.write("repo/f\(seconds)", "\(message)\n")
            try run("git add -A && git commit -q -m '\(message)'", at: seconds)
        }

        /// Measures `spec` from the story's cache, keeping what the run wrote; and how the value was found.
        func measure(_ spec: MetricSpec, incrementalFrom: Int = 0) async throws -> (ProbeResult?, Way) {
            try? FileManager.default.removeItem(atPath: calls)
            var context = self.context
            let cache = SourceCache(entries)
            context.cache = cache
            let result = await GitSource(git: git, incrementalFrom: incrementalFrom).measure([spec], context: context)[spec.path]
            entries.merge(cache.written) { $1 }
            let lines = ((try? String(contentsOfFile: calls, encoding: .utf8)) ?? "").split(separator: "\n")
            let walks = lines.filter { $0.hasPrefix("log ") }
            let way: Way = lines.isEmpty ? .cached : walks.allSatisfy { $0.contains("--not") } ? .broughtForward : .counted
            tipsAsked = lines.contains { $0.hasPrefix("rev-list --no-walk") }
            return (result, way)
        }

        /// The same metric counted from nothing.
        func fresh(_ spec: MetricSpec) async -> ProbeResult? {
            var context = self.context
            context.cache = SourceCache()
            return await GitSource().measure([spec], context: context)[spec.path]
        }

        /// What `git log --all --since='1 month ago' --oneline | grep -i fix | wc -l` prints now.
        func reference() throws -> ProbeResult {
            try tree.shValue("cd repo && GIT_TEST_DATE_NOW=\(now) git log --all --since='1 month ago' --oneline | grep -i fix | wc -l")
        }
    }

    /// Every metric is answered as a fresh count answers it, and in the way `expected` says (or `except` for some).
    func check(_ story: Story, _ expected: Way, _ step: String, except: [MetricPath: Way] = [:],
               sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for spec in specs {
            let (result, way) = try await story.measure(spec)
            let fresh = await story.fresh(spec)
            #expect(result == fresh, "\(step): \(spec.path)", sourceLocation: sourceLocation)
            if case .failure = result { Issue.record("\(step): \(spec.path) failed: \(String(describing: result))", sourceLocation: sourceLocation) }
            #expect(way == except[spec.path] ?? expected, "\(step): \(spec.path)", sourceLocation: sourceLocation)
        }
        #expect(try await story.measure(specs[0]).0 == story.reference(), "\(step): git's own count", sourceLocation: sourceLocation)
    }

    func history() throws -> Story {
        let story = try Story()
        let now = Self.start
        for (age, message) in [(70, "Fix the start"), (40, "Add loader"), (25, "fix: empty rows"), (12, "Docs"), (6, "fix again")] {
            try story.commit(message, at: now - age * Self.day)
        }
        return story
    }

    @Test func forwardMovesCountOnlyTheNewCommits() async throws {
        let story = try history()
        try await check(story, .counted, "first run")
        try await check(story, .cached, "nothing moved")

        story.now += 3600
        try story.commit("Fix the loader", at: story.now - 600)
        try await check(story, .broughtForward, "a commit on main")

        story.now += 3600
        try story.run("git checkout -q -b side HEAD~2", at: story.now - 900)
        try story.commit("fix: side work", at: story.now - 800)
        try story.commit("More side work", at: story.now - 700)
        try story.run("git checkout -q main && git merge -q --no-ff side -m 'Merge fix from side'", at: story.now - 600)
        try await check(story, .broughtForward, "a branch and its merge")

        // Days pass: commits leave the one-month window, with and without new ones.
        story.now += 20 * Self.day
        try await check(story, .cached, "twenty days later, nothing moved")
        story.now += 3 * Self.day
        try story.commit("fix: late", at: story.now - 60)
        try await check(story, .broughtForward, "another three days and a commit")

        try story.run("git branch -d -q side", at: story.now)
        try await check(story, .broughtForward, "a merged branch deleted")

        try story.run("git tag -a v1 -m 'Release' HEAD~1 && git tag light HEAD~2", at: story.now)
        try await check(story, .broughtForward, "tags on old commits")
    }

    @Test func movesThatLoseCommitsCountEverythingAgain() async throws {
        let story = try history()
        try await check(story, .counted, "first run")

        story.now += 3600
        try story.run("git checkout -q -b topic", at: story.now)
        try story.commit("fix: topic", at: story.now - 500)
        try story.run("git checkout -q main", at: story.now)
        try await check(story, .broughtForward, "an unmerged branch")
        try story.run("git branch -D -q topic", at: story.now)
        // Only the metrics of every ref lost commits; HEAD's did not move.
        try await check(story, .counted, "the unmerged branch deleted", except: ["git.head": .broughtForward])

        story.now += 3600
        try story.run("git commit -q --amend -m 'fix: amended'", at: story.now - 100)
        try await check(story, .counted, "the last commit amended")

        story.now += 3600
        try story.commit("fix: to rebase", at: story.now - 300)
        try await check(story, .broughtForward, "a commit")
        try story.run("git reset -q --hard HEAD~2", at: story.now)
        try await check(story, .counted, "main reset two commits back")
        try story.commit("fix: on the reset main", at: story.now - 200)
        try await check(story, .broughtForward, "a commit on the reset main")
    }

    /// A new commit older than the commit it grew from would make a later cut at `since` differ from git: counted
    /// again, and not kept.
    @Test func aNewCommitOlderThanItsParentIsCountedAgain() async throws {
        let story = try history()
        try await check(story, .counted, "first run")
        story.now += 3600
        try story.commit("fix: from a slow clock", at: story.now - 10 * Self.day)
        let before = story.entries
        let (result, way) = try await story.measure(specs[0])
        #expect(way == .counted)
        #expect(result == (try story.reference()))
        #expect(story.entries == before)
    }

    /// A window of a few commits is counted again after a move, without asking for tips: one short walk costs less
    /// than the git processes of bringing it forward. A count without `since` is brought forward whatever its size.
    @Test func aShortWindowIsCountedAgainWithoutTips() async throws {
        let story = try history()
        for spec in specs { _ = try await story.measure(spec, incrementalFrom: 2_000) }
        story.now += 3600
        try story.commit("fix: one more", at: story.now - 60)
        for spec in specs {
            let (result, way) = try await story.measure(spec, incrementalFrom: 2_000)
            #expect(result == (await story.fresh(spec)), "\(spec.path)")
            let windowed = spec.options["since"] != nil
            #expect(way == (windowed ? .counted : .broughtForward), "\(spec.path)")
            #expect(story.tipsAsked == !windowed, "\(spec.path)")
        }
    }

    @Test func entriesRoundTripAndRefuseWordsThatAreNotObjectNames() {
        let tip = String(repeating: "ab", count: 20)
        let entry = GitTimes(signature: "0123456789abcdef-fedcba9876543210", graph: "00ff00ff00ff00ff", since: 1_700_000_000, count: 2,
                             walked: 5, tips: [tip, String(repeating: "0", count: 40)], times: [1_700_000_500, 1_700_000_100])
        #expect(GitTimes(decoding: entry.encoded) == entry)
        #expect(GitTimes(decoding: entry.encoded.replacingOccurrences(of: tip, with: "--output=x")) == nil)
        var untipped = entry
        untipped.tips = []
        #expect(GitTimes(decoding: untipped.encoded) == untipped)
        #expect(GitTimes(decoding: "v1 0123456789abcdef-fedcba9876543210 - 3 1700000000") == nil)
        #expect(GitTimes(decoding: "v2 0123456789abcdef-fedcba9876543210 00ff00ff00ff00ff - 3 - 1700000000") == nil)
    }

    @Test func theGraphStateChangesWithReplaceRefsShallowAndConfigOnly() throws {
        let story = try history()
        let root = story.tree.root + "/repo"
        let env = ["HOME": story.tree.root]
        let before = try #require(GitRefState.graph(from: root, environment: env))
        #expect(GitRefState.graph(from: root, environment: env) == before)
        try story.run("git replace --graft HEAD HEAD~2", at: story.now)
        #expect(GitRefState.graph(from: root, environment: env) == nil)
        try story.run("git pack-refs --all", at: story.now)
        #expect(GitRefState.graph(from: root, environment: env) == nil)
        try story.run("git replace -d $(git rev-parse HEAD) && git pack-refs --all", at: story.now)
        #expect(GitRefState.graph(from: root, environment: env) == before)
        try story.run("git branch extra && git config branch.extra.description x && git branch -D -q extra", at: story.now)
        #expect(GitRefState.graph(from: root, environment: env) == before, "creating and deleting a branch rewrites the config")
        try story.run("git config grep.patternType perl", at: story.now)
        let configured = try #require(GitRefState.graph(from: root, environment: env))
        #expect(configured != before, "the config can change what a filter matches")
        try story.run("git config --unset grep.patternType", at: story.now)
        try story.tree.write("repo/.git/shallow", "\(try story.run("git rev-parse HEAD~1", at: story.now))\n")
        #expect(GitRefState.graph(from: root, environment: env) != before)
    }
}
