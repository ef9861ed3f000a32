import DIMSStore
import DIMSTestSupport
import Foundation
import Testing

/// The committed inventory is the team's shared truth: teammates share dims through git, with the real binary.
struct TeamTests {
    /// A bare remote and Alice's first checkout; `values/` (what the metrics read) is each clone's own.
    final class Team: @unchecked Sendable {
        let remoteDir = TemporaryDirectory("dims-remote")
        var remote: String { remoteDir.path + "/project.git" }
        let alice: TestProject

        init() throws {
            alice = try TestProject()
            try ProcessRunner.run("/usr/bin/git", ["init", "-q", "--bare", remote])
            try ProcessRunner.run("/usr/bin/git", ["-C", remote, "symbolic-ref", "HEAD", "refs/heads/main"])
            alice.actor = "alice@A"
            alice.write("values/\n", to: ".gitignore")
            try alice.git("symbolic-ref", "HEAD", "refs/heads/main")
            try alice.git("config", "user.email", "alice@example.com")
            try alice.git("config", "user.name", "alice")
            try alice.git("remote", "add", "origin", remote)
        }

        func clone(_ actor: String, _ email: String, now: String) throws -> TestProject {
            let project = try TestProject(clone: remote, actor: actor, email: email)
            project.now = now
            return project
        }
    }

    /// Commits everything and pushes.
    static func publish(_ project: TestProject, _ message: String) throws {
        try project.git("add", "-A")
        #expect(try project.git("commit", "-q", "-m", message).status == 0)
        #expect(try project.git("push", "-q", "origin", "main").status == 0)
    }

    /// Alice, Bob and Carol share one project through a bare remote.
    @Test func teammatesShareBaselinesThroughGit() throws {
        let team = try Team()
        let alice = team.alice

        // Day 1: Alice sets the first baselines and a snapshot, and pushes them. The store stays out of git.
        alice.now = "2025-10-01T09:00:00Z"
        #expect(try alice.dims("update").status == 0)
        #expect(try alice.dims("snapshot").status == 0)
        try alice.git("add", "-A")
        let staged = try alice.git("status", "--porcelain").stdout
        #expect(!staged.contains(".dims") && staged.contains("inventory/metrics.yaml"), "\(staged)")
        try Self.publish(alice, "First baselines")

        let bob = try team.clone("bob@B", "bob@example.com", now: "2025-10-02T09:00:00Z")
        bob.setValue("count", 100)
        bob.setValue("lines", 2000)
        let first = try bob.dims("verify")
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")

        // Day 3: Alice's files grow; she updates, snapshots and pushes.
        alice.now = "2025-10-03T09:00:00Z"
        alice.setValue("count", 126)
        #expect(try alice.dims("update").status == 0)
        #expect(try alice.dims("snapshot").status == 0)
        try Self.publish(alice, "Python files 100 → 126")

        // Day 4: Bob pulls the same files and verifies: no drift, and the move is Alice's, at her time.
        bob.now = "2025-10-04T09:00:00Z"
        bob.setValue("count", 126)
        #expect(try bob.git("pull", "-q", "--no-rebase", "origin", "main").status == 0)
        let verify = try bob.dims("verify")
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("✅ code_base.file_count: 126 (OK)"), "\(verify.stdout)")
        #expect(try bob.git("status", "--porcelain").stdout.isEmpty, "verify changes no tracked file")
        let audit = try bob.dims("audit", "code_base.file_count")
        #expect(audit.stdout.contains("2025-10-03T09:00:00Z  baseline 100 → 126 by alice@A (update)"), "\(audit.stdout)")

        // Carol's fresh clone answers like Alice's machine before anything writes.
        alice.now = "2025-10-04T09:00:00Z"
        let carol = try team.clone("carol@C", "carol@example.com", now: alice.now)
        for arguments in [["history", "code_base.file_count", "--days", "30"], ["diff", "--since", "2025-10-01"],
                          ["history", "prediction_system.total_lines", "--json"]] {
            let a = try ProcessRunner.run(ProcessRunner.binary("dims"), arguments, in: alice.root, environment: ["DIMS_NOW": alice.now])
            let c = try ProcessRunner.run(ProcessRunner.binary("dims"), arguments, in: carol.root, environment: ["DIMS_NOW": carol.now])
            #expect(a.status == 0 && c.status == 0 && a.stdout == c.stdout, "\(arguments): \(a.stdout) vs \(c.stdout) \(c.stderr)")
        }
        let carolAudit = try carol.dims("audit", "code_base.file_count")
        #expect(carolAudit.stdout.contains("2025-10-03T09:00:00Z  baseline 100 → 126 by alice@A (update)")
                || carolAudit.stdout.contains("2025-10-03T09:00:00Z  baseline none → 126 by alice@A (update)"), "\(carolAudit.stdout)")
        #expect(!carolAudit.stdout.contains("carol@C"), "nothing is credited to whoever cloned")
        #expect(try carol.git("status", "--porcelain").stdout.isEmpty)
        #expect(try alice.dims("generate", "--format", "markdown").status == 0)
        #expect(try carol.dims("generate", "--format", "markdown").status == 0)
        let aliceReport = alice.read("inventory/outputs/metrics_report.md")?.replacingOccurrences(of: alice.root, with: "ROOT")
        let carolReport = carol.read("inventory/outputs/metrics_report.md")?.replacingOccurrences(of: carol.root, with: "ROOT")
        #expect(aliceReport != nil && aliceReport == carolReport, "\(aliceReport ?? "") vs \(carolReport ?? "")")

        // Day 5 and 6: Alice and Bob move the same baseline; Bob's pull conflicts.
        alice.now = "2025-10-05T09:00:00Z"
        alice.setValue("lines", 2100)
        #expect(try alice.dims("update").status == 0)
        try Self.publish(alice, "Core lines 2100")
        bob.now = "2025-10-06T09:00:00Z"
        bob.setValue("lines", 2200)
        #expect(try bob.dims("update").status == 0)
        try bob.git("commit", "-q", "-am", "Core lines 2200")
        #expect(try bob.git("pull", "-q", "--no-rebase", "origin", "main").status != 0, "both changed the same lines")
        let eventsBefore = try bob.dims("log", "stats").stdout
        let conflicted = try bob.dims("verify")
        let markerLine = (bob.read("inventory/metrics.yaml") ?? "").split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.hasPrefix("<<<<<<<") }.map { $0 + 1 } ?? 0
        #expect(conflicted.status == 2)
        #expect(conflicted.stderr.contains("inventory/metrics.yaml:\(markerLine): Unresolved git merge conflict"), "\(conflicted.stderr)")
        #expect(try bob.dims("log", "stats").stdout == eventsBefore, "nothing in the log moves")

        // Bob keeps Alice's side: his newer baseline still wins, he is told so, and his next update writes it back.
        try bob.git("checkout", "--theirs", "inventory/metrics.yaml")
        try bob.git("commit", "-q", "-am", "Merge")
        let warned = try bob.dims("verify")
        #expect(warned.status == 0, "\(warned.stdout)")
        #expect(warned.stderr.contains("newer baseline, 2200"), "\(warned.stderr)")
        #expect(try bob.dims("verify", "--update").status == 0)
        #expect(bob.read("inventory/metrics.yaml")?.contains("value: 2200") == true)
        try Self.publish(bob, "Core lines 2200, the newer baseline")

        alice.now = "2025-10-07T09:00:00Z"
        alice.setValue("lines", 2200)
        #expect(try alice.git("pull", "-q", "--no-rebase", "origin", "main").status == 0)
        let converged = try alice.dims("verify")
        #expect(converged.status == 0, "\(converged.stdout)")
        #expect(converged.stdout.contains("✅ prediction_system.total_lines: 2,200 (OK)"), "\(converged.stdout)")
        let linesAudit = try alice.dims("audit", "prediction_system.total_lines").stdout
        #expect(linesAudit.contains("2025-10-06T09:00:00Z  baseline 2,100 → 2,200 by bob@B (update)"), "\(linesAudit)")

        // A hand edit is a baseline move like any other, by whoever made it.
        bob.now = "2025-10-07T10:00:00Z"
        let edited = (bob.read("inventory/metrics.yaml") ?? "").replacingOccurrences(of: "value: 126", with: "value: 130")
        bob.write(edited, to: "inventory/metrics.yaml")
        let handAudit = try bob.dims("audit", "code_base.file_count")
        #expect(handAudit.stdout.contains("2025-10-07T10:00:00Z  baseline 126 → 130 by bob@B (file)"), "\(handAudit.stdout)")
        // Committed and pulled, the same edit is credited to its committer on Alice's machine.
        try Self.publish(bob, "Python files by hand")
        alice.now = "2025-10-08T09:00:00Z"
        #expect(try alice.git("pull", "-q", "--no-rebase", "origin", "main").status == 0)
        let pulledEdit = try alice.dims("audit", "code_base.file_count")
        #expect(pulledEdit.stdout.contains("2025-10-08T09:00:00Z  baseline 126 → 130 by bob@example.com (file)"), "\(pulledEdit.stdout)")
    }

    static let originalMetrics = """
        metadata:
          version: 1.0.0
          last_updated: '2025-09-20T10:00:00Z'
          verified_by: automated
        code_base:
          file_count:
            value: 96
            last_verified: '2025-09-20T10:00:00Z'
            verification_method: automated
            cached: false
          notes: {owner: data team}
        prediction_system:
          total_lines:
            value: 2000
            last_verified: '2025-09-20T10:00:00Z'
            verification_method: automated
        code_quality:
          pylint:
            score: 8.5

        """

    /// A committed project of the original tool.
    static func originalProject() throws -> TestProject {
        let project = try TestProject()
        project.write(originalMetrics, to: "inventory/metrics.yaml")
        project.write("""
            metadata: {snapshot_date: '2025-09-10', last_updated: '2025-09-10T10:00:00Z'}
            code_base:
              file_count: {value: 90, last_verified: '2025-09-10T10:00:00Z'}
            prediction_system:
              total_lines: {value: 1900, last_verified: '2025-09-10T10:00:00Z'}
            """, to: "inventory/historical/2025-09-10.yaml")
        project.write("values/\n", to: ".gitignore")
        try project.git("add", "-A")
        try project.git("-c", "user.email=dana@example.com", "-c", "user.name=dana", "commit", "-q", "-m", "Original inventory")
        return project
    }

    /// `verify` on a project of the original tool changes no tracked file; `verify --update` changes only the drifted metric.
    @Test func originalProjectGetsOnlyTheChangeItAskedFor() throws {
        let project = try Self.originalProject()
        let verify = try project.dims("verify")
        #expect(verify.status == 1, "\(verify.stdout)\(verify.stderr)")
        #expect(try project.git("status", "--porcelain").stdout.isEmpty, "verify leaves git status clean")
        let info = try project.dims("info")
        #expect(info.stdout.contains("kept out of git by its .gitignore"), "\(info.stdout)")

        #expect(try project.dims("verify", "--update").status == 0)
        let diff = try project.git("diff", "-U0", "inventory/metrics.yaml").stdout.split(separator: "\n")
        let removed = diff.filter { $0.hasPrefix("-") && !$0.hasPrefix("---") }
        let added = diff.filter { $0.hasPrefix("+") && !$0.hasPrefix("+++") }
        #expect(removed == ["-    value: 96", "-    last_verified: '2025-09-20T10:00:00Z'"], "\(diff)")
        #expect(added == ["+    value: 100", "+    last_verified: '2025-10-01T09:00:00Z'",
                          "+    updated_by: tester@ci", "+    baseline_reason: verify --update"], "\(diff)")
        let audit = try project.dims("audit", "code_base.file_count").stdout
        #expect(audit.contains("2025-09-20T10:00:00Z  baseline none → 96 by dana@example.com (import)"), "\(audit)")

        // A name that is not one short line of text is not taken as an author.
        project.now = "2025-10-02T09:00:00Z"
        let hostile = (project.read("inventory/metrics.yaml") ?? "")
            .replacingOccurrences(of: "value: 2000", with: "value: 2500\n    updated_by: \"mallory\\e[2J\\nroot\"")
            .replacingOccurrences(of: "'2025-09-20T10:00:00Z'\n    verification_method: automated\ncode_quality", with: "'2025-10-02T08:00:00Z'\n    verification_method: automated\ncode_quality")
        project.write(hostile, to: "inventory/metrics.yaml")
        let lines = try project.dims("audit", "prediction_system.total_lines").stdout
        #expect(lines.contains("2025-10-02T08:00:00Z  baseline 2,000 → 2,500 by tester@ci (file)") && !lines.contains("mallory"), "\(lines)")
    }

    /// `diff --since D` compares with the state at the end of D: what `historical/D.yaml` holds.
    @Test func diffSinceADayComparesWithThatDaysSnapshot() throws {
        let project = try Self.originalProject()
        let result = try project.dims("diff", "--since", "2025-09-10")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("code_base.file_count              90     96      +6"), "\(result.stdout)")
        #expect(result.stdout.contains("prediction_system.total_lines  1,900  2,000    +100"), "\(result.stdout)")
        #expect(try project.git("status", "--porcelain").stdout.isEmpty)
    }

    /// In a checkout this user cannot write, reading commands still answer from the committed files.
    @Test func readOnlyCheckoutAnswersFromTheFiles() throws {
        let project = try Self.originalProject()
        let asRoot = getuid() == 0
        if !asRoot { chmod(project.root + "/inventory", 0o555) }
        defer { if !asRoot { chmod(project.root + "/inventory", 0o755) } }
        // As root, run dims as 'nobody', for whom the checkout (owned by root) is read-only.
        let command = asRoot ? "/usr/bin/setpriv" : ProcessRunner.binary("dims")
        let prefix = asRoot ? ["--reuid=65534", "--regid=65534", "--clear-groups", ProcessRunner.binary("dims")] : []
        let environment = ["DIMS_NOW": project.now, "DIMS_ACTOR": project.actor]
        let history = try ProcessRunner.run(command, prefix + ["history", "code_base.file_count", "--days", "30"], in: project.root, environment: environment)
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("2025-09-10: 90") && history.stdout.contains("2025-09-20: 96 (+6)"), "\(history.stdout)")
        let diff = try ProcessRunner.run(command, prefix + ["diff", "--since", "2025-09-10"], in: project.root, environment: environment)
        #expect(diff.status == 0 && diff.stdout.contains("code_base.file_count              90     96      +6"), "\(diff.stdout)\(diff.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.root + "/inventory/.dims"), "nothing was written")
    }

    /// A corrupt metrics.yaml stops every command with exit 2 and moves nothing; `update` keeps it aside and rebuilds it.
    @Test func corruptMetricsFileStopsEveryCommandUntilUpdateRebuildsIt() throws {
        let project = try TestProject()
        #expect(try project.dims("update").status == 0)
        let good = project.read("inventory/metrics.yaml") ?? ""
        let bad = good + "hostile:\n  files: {value: [unclosed\n"
        project.write(bad, to: "inventory/metrics.yaml")
        let stats = try project.dims("log", "stats").stdout
        project.setValue("count", 150)
        for arguments in [["verify"], ["verify", "--update"], ["history", "code_base.file_count"], ["snapshot"], ["diff", "--since", "1d"]] {
            let result = try ProcessRunner.run(ProcessRunner.binary("dims"), arguments, in: project.root,
                                               environment: ["DIMS_NOW": project.now, "DIMS_ACTOR": project.actor])
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains("inventory/metrics.yaml:"), "\(arguments): \(result.stderr)")
        }
        #expect(try project.dims("log", "stats").stdout == stats, "nothing in the log moved")

        let update = try project.dims("update")
        #expect(update.status == 0, "\(update.stderr)")
        #expect(update.stderr.contains("kept the corrupt file as inventory/metrics.yaml.corrupt-20251001T090000"), "\(update.stderr)")
        #expect(project.read("inventory/metrics.yaml.corrupt-20251001T090000") == bad)
        let rebuilt = project.read("inventory/metrics.yaml") ?? ""
        #expect(rebuilt.contains("value: 150") && rebuilt.contains("value: 2000") && !rebuilt.contains("hostile"), "\(rebuilt)")
        #expect(try project.dims("verify").status == 0)
    }

    /// After a crash between the log's commit and the rewrite of metrics.yaml, the next command brings the file up to date.
    @Test func nextCommandCatchesMetricsFileUpWithTheLog() throws {
        let project = try TestProject()
        #expect(try project.dims("update").status == 0)
        let saved = project.read("inventory/metrics.yaml") ?? ""
        let stamp = try Self.stamps(project)
        project.now = "2025-10-02T09:00:00Z"
        project.setValue("count", 150)
        #expect(try project.dims("update").status == 0)
        // The state a kill between the commit and the rewrite leaves: the move is in the log, the file and its stamp are the old ones.
        project.write(saved, to: "inventory/metrics.yaml")
        try Self.stamps(project, set: stamp)

        let history = try project.dims("history", "code_base.file_count")
        #expect(history.status == 0)
        let file = project.read("inventory/metrics.yaml") ?? ""
        #expect(file.contains("value: 150") && file.contains("updated_by: tester@ci"), "\(file)")
        #expect(file.contains("value: 2000"))
        #expect(try project.dims("verify").status == 0)
    }

    /// The file stamps in the project's log; with `set`, replaces them.
    @discardableResult
    static func stamps(_ project: TestProject, set stamps: [String: FileStamp]? = nil) throws -> [String: FileStamp] {
        let log = try EventLog(directory: project.root + "/inventory/.dims")
        if let stamps { try log.setFileStamps(stamps) }
        return try log.fileStamps()
    }

    /// Snapshots keep every section of metrics.yaml, and a day after today is refused.
    @Test func snapshotsKeepEverySectionAndRefuseTheFuture() throws {
        let project = try Self.originalProject()
        let future = try project.dims("snapshot", "--date", "2030-01-01")
        #expect(future.status == 2)
        #expect(future.stderr.contains("after today"), "\(future.stderr)")
        #expect(try project.dims("snapshot").status == 0)
        let snapshot = project.read("inventory/historical/2025-10-01.yaml") ?? ""
        #expect(snapshot.contains("code_quality:\n  pylint:\n    score: 8.5"), "\(snapshot)")
        #expect(snapshot.contains("notes: {owner: data team}"), "\(snapshot)")
        #expect(snapshot.contains("snapshot_date: '2025-10-01'"), "\(snapshot)")
    }
}
