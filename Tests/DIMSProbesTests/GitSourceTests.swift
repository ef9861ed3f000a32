import DIMSCore
import DIMSProbes
import Foundation
import Testing

struct GitSourceTests {
    /// A repository with commits on two branches, dated across October 2025.
    func repository() throws -> Fixture {
        let tree = try Fixture()
        try tree.sh("git init -q -b main . && git config user.email t@example.com && git config user.name Tester")
        let commits = [
            ("2025-09-20T10:00:00Z", "Start", "main"), ("2025-10-02T10:00:00Z", "Add rec_11 plus minus", "main"),
            ("2025-10-05T10:00:00Z", "REC_12 docs", "main"), ("2025-10-07T10:00:00Z", "Tidy", "main"),
            ("2025-10-09T10:00:00Z", "Rec_13 on a branch", "side"), ("2025-10-10T10:00:00Z", "Body mentions it", "main"),
        ]
        for (index, (date, message, branch)) in commits.enumerated() {
            if branch == "side" { try tree.sh("git checkout -q -b side") }
            try tree.write("docs/f\(index).md", "\(index)\n")
            let body = message == "Body mentions it" ? " -m 'see rec_14'" : ""
            try tree.sh("git add -A && GIT_AUTHOR_DATE=\(date) GIT_COMMITTER_DATE=\(date) git commit -q -m '\(message)'\(body)")
            if branch == "side" { try tree.sh("git checkout -q main") }
        }
        return tree
    }

    @Test func commitsCountWhatRevListCounts() async throws {
        let tree = try repository()
        let all = await tree.measure(.test(.git, [:]), with: GitSource())
        #expect(all == (try tree.shValue("git rev-list --count HEAD")))
        let since = await tree.measure(.test(.git, ["since": "2025-10-01", "all": true, "paths": "docs"]), with: GitSource())
        #expect(since == (try tree.shValue("git rev-list --count --since=2025-10-01 --all -- docs")))
    }

    @Test func grepWithIgnoreCaseSearchesWholeMessages() async throws {
        let tree = try repository()
        let result = await tree.measure(.test(.git, ["grep": "rec_", "ignore_case": true, "all": true]), with: GitSource())
        #expect(result == (try tree.shValue("git rev-list --count -i --grep=rec_ --all")))
    }

    @Test func onelineScopeCountsWhatTheOriginalPipelineCounts() async throws {
        let tree = try repository()
        let spec = MetricSpec.test(.git, ["since": "2025-10-01", "all": true, "grep": "rec_", "ignore_case": true, "grep_scope": "oneline"])
        let result = await tree.measure(spec, with: GitSource())
        #expect(result == (try tree.shValue("git log --since='2025-10-01' --oneline --all 2>/dev/null | grep -i 'rec_' | wc -l | tr -d ' '")))
        #expect(result == .value(.integer(3)))
    }

    @Test func latestAgeIsMeasuredFromTheNewestCommit() async throws {
        let tree = try repository()
        let clock = FixedClock(Timestamp.parse("2025-10-12T10:00:00Z")!)
        let hours = await tree.measure(.test(.git, ["measure": "latest_age_hours"], parse: .float), with: GitSource(), clock: clock)
        #expect(hours == .value(.float(48)))
        let days = await tree.measure(.test(.git, ["measure": "latest_age_days", "all": true]), with: GitSource(), clock: clock)
        #expect(days == .value(.integer(2)))
    }

    @Test func aFolderThatIsNotARepositoryIsAFailureWithGitsMessage() async throws {
        let tree = try Fixture()
        let result = await tree.measure(.test(.git, [:]), with: GitSource())
        guard case .failure(let message) = result else { Issue.record("expected a failure"); return }
        #expect(message.hasPrefix("Git exited with status 128: fatal: not a git repository"))
    }

    @Test func aRelativeProjectRootWorksForGit() async throws {
        let tree = try repository()
        let depth = FileManager.default.currentDirectoryPath.split(separator: "/").count
        var context = tree.context
        context.root = String(repeating: "../", count: depth) + tree.root.dropFirst()
        let result = await GitSource().measure([.test(.git, [:])], context: context)["test.metric"]
        #expect(result == (try tree.shValue("git rev-list --count HEAD")))
    }
}
