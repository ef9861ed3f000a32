import DIMSTestSupport
import Foundation
import Testing

@Suite(.serialized)
struct EventHookTests {
    static let config = TestProject.defaultConfig + """

        events:
          enabled: true
          cooldown_seconds: 300
          hooks:
            - name: code-change
              trigger: post-commit
              metrics: ["code_base.*"]
            - name: nightly
              trigger: cron
              schedule: "0 2 * * *"
              metrics: ["prediction_system.*"]
            - name: half-past
              trigger: cron
              schedule: "30 * * * *"
              metrics: ["code_base.file_count"]
            - name: mondays
              trigger: cron
              schedule: "0 0 * * mon"
              metrics: ["code_base.file_count"]
        """

    static func kinds(_ project: TestProject) throws -> [String: Int] {
        try AlertTests.kinds(project)
    }

    static func commit(_ project: TestProject, _ message: String) throws -> ProcessResult {
        try ProcessRunner.run("/usr/bin/git", ["-C", project.root, "-c", "user.name=Tester", "-c", "user.email=t@example.com",
                                               "commit", "-q", "--allow-empty", "-m", message], environment: ProcessRunner.dimsTrust.merging(["DIMS_ACTOR": project.actor]) { $1 })
    }

    /// Waits up to `seconds` for `condition`, checking every 100 ms.
    static func waitFor(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return try condition()
    }

    @Test func commitTriggersTheHookInTheBackgroundAndTheCooldownHoldsAcrossProcesses() throws {
        let project = try TestProject(config: Self.config)
        let install = try project.dims("events", "install")
        #expect(install.stdout == "Installed the post-commit hook in .git/hooks/post-commit\n", "\(install.stdout)\(install.stderr)")
        #expect(try Self.commit(project, "first").status == 0)
        #expect(try Self.waitFor(15) { try Self.kinds(project)["triggered"] == 1 }, "the commit triggered 'post-commit'")
        #expect(try Self.kinds(project)["measured"] == 1, "the hook measured code_base.*: one metric")
        #expect(try Self.commit(project, "second").status == 0)
        Thread.sleep(forTimeInterval: 3)
        #expect(try Self.kinds(project)["triggered"] == 1, "a second commit within the cooldown triggers nothing")
        #expect(try Self.kinds(project)["measured"] == 1)
        let status = try project.dims("events", "status")
        #expect(status.stdout.contains("Git post-commit hook: installed in .git/hooks/post-commit"), "\(status.stdout)")
        #expect(status.stdout.contains("Triggers in the last 7 days: 1"), "\(status.stdout)")
        #expect(status.stdout.contains("post-commit from git-commit: hooks code-change; 1 measured, 0 failed"), "\(status.stdout)")
    }

    @Test func installKeepsTheExistingHookAndUninstallRemovesOnlyItsLines() throws {
        let project = try TestProject(config: Self.config)
        let original = "#!/bin/sh\necho mine > marker\n"
        project.write(original, to: ".git/hooks/post-commit")
        #expect(try project.dims("events", "install").status == 0)
        let again = try project.dims("events", "install")
        #expect(again.stdout == "The post-commit hook in .git/hooks/post-commit is up to date\n")
        let installed = project.read(".git/hooks/post-commit") ?? ""
        #expect(installed.hasPrefix(original))
        #expect(installed.components(separatedBy: "# >>> dims events").count == 2, "one block after installing twice")
        #expect(installed.contains("events trigger --root '\(project.root)' --event-type post-commit --source git-commit </dev/null >/dev/null 2>&1 &"))
        #expect(try project.dims("events", "uninstall").stdout == "Removed dims from .git/hooks/post-commit\n")
        #expect(project.read(".git/hooks/post-commit") == original)
        #expect(try project.dims("events", "uninstall").stdout == "No dims lines in .git/hooks/post-commit\n")
    }

    @Test func runDueRunsExactlyTheDueHooksOnceEach() throws {
        let project = try TestProject(config: Self.config)
        func runDue(at now: String) throws -> ProcessResult {
            project.now = now
            return try project.dims("events", "run-due")
        }
        // 2025-10-01 is a Wednesday.
        #expect(try runDue(at: "2025-10-01T02:00:20Z").stdout == "Ran 'nightly': 1 measured, 0 failed\n")
        #expect(try runDue(at: "2025-10-01T02:00:50Z").stdout == "No cron hook is due\n", "once per scheduled minute")
        #expect(try runDue(at: "2025-10-01T02:30:00Z").stdout == "Ran 'half-past': 1 measured, 0 failed\n")
        #expect(try runDue(at: "2025-10-01T02:59:00Z").stdout == "No cron hook is due\n")
        let both = try runDue(at: "2025-10-02T03:10:00Z")
        #expect(both.stdout == "Ran 'nightly': 1 measured, 0 failed\nRan 'half-past': 1 measured, 0 failed\n", "missed runs run once, not once each")
        #expect(try Self.kinds(project)["triggered"] == 4)
        let status = try project.dims("events", "status", "--json")
        let hooks = (try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])?["hooks"] as? [[String: Any]] ?? []
        #expect(hooks.first { $0["name"] as? String == "nightly" }?["last_run"] as? String == "2025-10-02T03:10:00Z")
        #expect(hooks.first { $0["name"] as? String == "mondays" }?["last_run"] is NSNull, "a hook that never ran has last_run null")
    }

    @Test func triggerMeasuresTheMatchedMetricsAndCooldownSkips() throws {
        let project = try TestProject(config: Self.config)
        let first = try project.dims("events", "trigger", "--event-type", "post-commit", "--source", "scraper")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "🆕 code_base.file_count: 100 (NEW, no baseline)\nTriggered 'post-commit' (hooks code-change): 1 measured, 0 failed\n")
        project.now = "2025-10-01T09:04:59Z"
        let skipped = try project.dims("events", "trigger", "--event-type", "post-commit")
        #expect(skipped.stdout == "Skipped 'post-commit': the previous trigger was at 2025-10-01T09:00:00Z; cooldown until 2025-10-01T09:05:00Z\n")
        project.now = "2025-10-01T09:05:00Z"
        #expect(try project.dims("events", "trigger", "--event-type", "code-change").status == 0, "a hook's name is its own type")
        #expect(try Self.kinds(project)["triggered"] == 2)
        let test = try project.dims("events", "test", "--event-type", "post-commit")
        #expect(test.stdout.contains("It would measure 1 metrics: code_base.file_count"), "\(test.stdout)")
        let unknown = try project.dims("events", "trigger", "--event-type", "post-comit")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("No hook for event type 'post-comit'. Did you mean 'post-commit'?"), "\(unknown.stderr)")
    }

    @Test func cronPrintsOneLinePerCronHook() throws {
        let project = try TestProject(config: Self.config)
        let lines = try project.dims("events", "cron").stdout.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("0 2 * * * '") && lines[0].hasSuffix("' events trigger --root '\(project.root)' --event-type 'nightly' --source cron"), "\(lines)")
        #expect(lines[4].hasSuffix("events run-due --root '\(project.root)'"))
    }
}
