import DIMSTestSupport
import Foundation
import Testing

/// Approvals run as a user runs them: the built binary, a temp project, real processes racing.
struct ApprovalTests {
    /// Approvals on for `code_base.*` at 10 %, and a metric read the original's way, `|| echo 0`.
    static let config = """
        version: "1.0.0"
        features: {smart_cache: true, approval_workflow: true}
        approval: {enabled: true, critical_metrics: ["code_base.*"], require_approval_threshold: 10}
        verification:
          thresholds: {minor_drift_pct: 5, moderate_drift_pct: 15, major_drift_pct: 25}
          stable_metrics: [total_lines]
        metrics:
          code_base:
            file_count:
              command: "cat values/count.txt"
              parse_type: integer
          prediction_system:
            total_lines:
              command: "cat values/lines.txt"
              parse_type: integer
          s3_storage:
            total_objects:
              command: "cat values/objects.txt 2>/dev/null || echo 0"
              parse_type: integer
            deleted_today:
              command: "cat values/deleted.txt 2>/dev/null || echo 0"
              parse_type: integer
              allow_zero: true
        """

    func project(_ config: String = ApprovalTests.config) throws -> TestProject {
        let project = try TestProject(config: config)
        project.setValue("objects", 172_975)
        project.setValue("deleted", 12)
        let first = try project.dims("verify", "--update")
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        project.now = "2025-10-02T09:00:00Z"
        return project
    }

    func json(_ result: ProcessResult) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\(result.stderr)")
    }

    func baseline(_ project: TestProject, _ metric: String) -> String? {
        guard let text = project.read("inventory/metrics.yaml"), let range = text.range(of: "  \(metric):\n") else { return nil }
        return text[range.upperBound...].split(separator: "\n").first { $0.contains("value:") }?.split(separator: ":").last?.trimmingCharacters(in: .whitespaces)
    }

    /// A critical metric drifting 20 % becomes request #1, exits 5 and leaves metrics.yaml; accept moves it.
    @Test func criticalDriftMovesOnlyAfterAccept() throws {
        let project = try project()
        project.setValue("count", 120)
        let run = try project.dims("verify", "--update")
        #expect(run.status == 5, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("⏸  code_base.file_count: 120 awaits approval #1 (+20.0% from 100)"), "\(run.stdout)")
        #expect(run.stdout.contains("Awaiting approval: #1 code_base.file_count; see 'dims approve list'"))
        #expect(baseline(project, "file_count") == "100")
        let verify = try project.dims("verify")
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("code_base.file_count: 120 (drifted +20.0% from 100)"))
        #expect(verify.stdout.contains("⏸  code_base.file_count: 120 awaits approval #1"))
        #expect(try project.dims("replay", "--check").status == 0)
        #expect(try project.dims("generate", "--format", "markdown").status == 0)
        let quiet = try project.dims("verify", "--update", "--quiet")
        #expect(quiet.status == 5)
        #expect(quiet.stdout.contains("1 metric drifted (code_base.file_count +20.0%); awaiting approval: #1"), "\(quiet.stdout)")
        let answer = try json(project.dims("verify", "--update", "--json"))
        #expect(answer["awaiting_approval"] as? [Int] == [1])
        #expect((answer["pending_approvals"] as? [[String: Any]])?.first?["requested"] as? Int == 120)
        let info = try project.dims("info")
        #expect(info.stdout.contains("Approvals: on for 1 critical pattern at 10.0% and critical drift of stable metrics, 1 pending (see 'dims approve list')"), "\(info.stdout)")
        #expect(info.stdout.contains("approval_workflow: active"))
        #expect(project.read("inventory/outputs/metrics_report.md")?.contains("| #1 | code_base.file_count | 100 | 120 | +20.0% | critical metric |") == true)

        project.now = "2025-10-02T10:00:00Z"
        let accept = try project.dims("approve", "accept", "--id", "1", "--reviewer", "lead", "--notes", "new module")
        #expect(accept.status == 0, "\(accept.stderr)")
        #expect(accept.stdout.contains("Accepted #1 by lead: new module; code_base.file_count baseline 100 → 120 (+20.0%)"))
        #expect(baseline(project, "file_count") == "120")
        let after = try project.dims("verify")
        #expect(after.status == 0, "\(after.stdout)")
        #expect(after.stdout.contains("✅ code_base.file_count: 120 (OK)"))
        let audit = try project.dims("audit", "code_base.file_count")
        #expect(audit.stdout.contains("approval #1 requested by tester@ci (verify --update): 100 → 120 (+20.0%, critical metric)"), "\(audit.stdout)")
        #expect(audit.stdout.contains("approval #1 accepted by lead, baseline moved: new module"))
        #expect(audit.stdout.contains("baseline 100 → 120 by tester@ci (approval)"))
        #expect(try project.dims("replay", "--check").status == 0)
    }

    /// A reject keeps the baseline; the same value is not asked again (the drift fails at --fail-on); a new value is.
    @Test func rejectKeepsBaselineAndAsksAgainOnlyForANewValue() throws {
        let project = try project()
        project.setValue("count", 120)
        #expect(try project.dims("verify", "--update").status == 5)
        let reject = try project.dims("approve", "reject", "--id", "1", "--reviewer", "lead", "--notes", "generated files")
        #expect(reject.status == 0, "\(reject.stderr)")
        #expect(reject.stdout.contains("Rejected #1 by lead: generated files; code_base.file_count baseline stays at 100"))
        let again = try project.dims("verify", "--update")
        #expect(again.status == 1, "\(again.stdout)")
        #expect(again.stdout.contains("⏸  code_base.file_count: 120 was rejected in #1 by lead (+20.0% from 100); asked again when the value changes"))
        #expect(try project.dims("verify", "--update", "--fail-on", "critical").status == 0)
        #expect(try json(project.dims("approve", "list", "--json"))["requests"] as? [Any] != nil)
        #expect((try json(project.dims("approve", "list", "--json"))["requests"] as? [Any])?.isEmpty == true)
        #expect(baseline(project, "file_count") == "100")
        project.setValue("count", 140)
        let changed = try project.dims("verify", "--update")
        #expect(changed.status == 5)
        #expect(changed.stdout.contains("⏸  code_base.file_count: 140 awaits approval #2 (+40.0% from 100)"), "\(changed.stdout)")
        #expect(try project.dims("replay", "--check").status == 0)
    }

    /// With S3 unreachable, `|| echo 0` prints 0: the baseline never moves to it, even with approvals off and under
    /// `update`; a metric with `allow_zero: true` moves.
    @Test func echoZeroNeverMovesItsBaseline() throws {
        let config = ApprovalTests.config.replacingOccurrences(of: "approval: {enabled: true,", with: "approval: {enabled: false,")
        let project = try project(config)
        try FileManager.default.removeItem(atPath: project.root + "/values/objects.txt")
        try FileManager.default.removeItem(atPath: project.root + "/values/deleted.txt")
        let run = try project.dims("verify", "--update")
        #expect(run.status == 5, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("⏸  s3_storage.total_objects: 0 awaits approval #1 (-100.0% from 172,975)"), "\(run.stdout)")
        #expect(run.stdout.contains("Updated 1 baselines: s3_storage.deleted_today"))
        #expect(baseline(project, "total_objects") == "172975")
        #expect(baseline(project, "deleted_today") == "0")
        project.now = "2025-10-03T09:00:00Z"
        let update = try project.dims("update")
        #expect(update.status == 5)
        #expect(update.stdout.contains("⏸  s3_storage.total_objects: 0 awaits approval #1"), "\(update.stdout)")
        #expect(baseline(project, "total_objects") == "172975")
        let list = try json(project.dims("approve", "list", "--json"))
        #expect((list["requests"] as? [[String: Any]])?.map { $0["id"] as? Int } == [1])
        #expect((list["requests"] as? [[String: Any]])?.first?["trigger"] as? String == "collapse to zero")
        let history = try project.dims("history", "s3_storage.total_objects", "--json")
        #expect(history.status == 0)
    }

    /// Deciding twice, a superseded request, a request a newer measurement made stale, or an unknown one exits 2
    /// with the reason, and appends nothing.
    @Test func staleAndDoubleDecisionsFailCleanly() throws {
        let project = try project()
        project.setValue("count", 0)
        #expect(try project.dims("verify", "--update").status == 5)
        project.now = "2025-10-02T10:00:00Z"
        project.setValue("count", 50)
        let second = try project.dims("verify", "--update")
        #expect(second.stdout.contains("awaits approval #2 (-50.0% from 100)"), "\(second.stdout)")
        let superseded = try project.dims("approve", "accept", "--id", "1")
        #expect(superseded.status == 2)
        #expect(superseded.stderr.contains("Request #1 for 'code_base.file_count' is stale: request #2 for the same metric is newer"), "\(superseded.stderr)")
        project.now = "2025-10-02T11:00:00Z"
        project.setValue("count", 60)
        #expect(try project.dims("verify").status == 1)
        let listed = try project.dims("approve", "list")
        #expect(listed.stdout.contains("    Request #2 for 'code_base.file_count' is stale: a newer measurement (60 at 2025-10-02T11:00:00Z)"), "\(listed.stdout)")
        let stale = try project.dims("approve", "reject", "--id", "2", "--reviewer", "lead")
        #expect(stale.status == 2)
        #expect(stale.stderr.contains("is stale: a newer measurement (60 at 2025-10-02T11:00:00Z) differs from the requested 50"), "\(stale.stderr)")
        // Back at the requested value, request #2 holds again: no new request, and it can be decided.
        project.setValue("count", 50)
        project.now = "2025-10-02T12:00:00Z"
        #expect(try project.dims("verify", "--update").status == 5)
        let events = try json(project.dims("log", "stats", "--json"))
        let list = try project.dims("approve", "list")
        #expect(list.stdout.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "\(list.stdout)")
        #expect(list.stdout.hasPrefix("#2  code_base.file_count: 100 → 50 (-50.0%, critical metric)"), "\(list.stdout)")
        #expect(try project.dims("approve", "accept", "--id", "2", "--reviewer", "lead").status == 0)
        let twice = try project.dims("approve", "accept", "--id", "2", "--reviewer", "other")
        #expect(twice.status == 2)
        #expect(twice.stderr.contains("Request #2 for 'code_base.file_count' was already accepted by lead at 2025-10-02T12:00:00Z"))
        let unknown = try project.dims("approve", "reject", "--id", "9")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("No approval request #9 (requests are numbered 1 to 2)"))
        let after = try json(project.dims("log", "stats", "--json"))
        #expect((after["events"] as? Int) == (events["events"] as? Int).map { $0 + 2 })
        #expect(try project.dims("replay", "--check").status == 0)
    }

    /// Before any run there are no requests: deciding one exits 2 and creates no log; listing says none are pending.
    @Test func noLogMeansNoRequests() throws {
        let project = try TestProject(config: ApprovalTests.config)
        let accept = try project.dims("approve", "accept", "--id", "1")
        #expect(accept.status == 2)
        #expect(accept.stderr.contains("No approval request #1 (there are no requests yet)"))
        #expect(!FileManager.default.fileExists(atPath: project.root + "/inventory/.dims"))
        #expect(try project.dims("approve", "list").stdout == "No approval requests pending\n")
        #expect(try project.dims("approve", "review", "--id", "1").status == 2)
    }

    /// Two processes accepting the same request at once: exactly one succeeds, the other is told it was decided.
    @Test func concurrentAcceptsExactlyOneSucceeds() throws {
        let project = try project()
        let metrics = [("count", 150), ("objects", 0)]
        for (name, value) in metrics { project.setValue(name, value) }
        #expect(try project.dims("verify", "--update").status == 5)
        for id in 1...metrics.count {
            let processes = ["alice", "bob"].map { reviewer -> (Process, Pipe) in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: ProcessRunner.binary("dims"))
                process.arguments = ["approve", "accept", "--id", String(id), "--reviewer", reviewer]
                process.currentDirectoryURL = URL(fileURLWithPath: project.root)
                var env = ProcessInfo.processInfo.environment
                env["DIMS_NOW"] = "2025-10-02T10:00:00Z"
                env["DIMS_ACTOR"] = reviewer + "@ci"
                process.environment = env
                let err = Pipe()
                process.standardError = err
                process.standardOutput = Pipe()
                return (process, err)
            }
            for (process, _) in processes { try process.run() }
            for (process, _) in processes { process.waitUntilExit() }
            let statuses = processes.map { $0.0.terminationStatus }.sorted()
            #expect(statuses == [0, 2], "request \(id): \(statuses)")
            let loser = processes.first { $0.0.terminationStatus == 2 }
            let message = loser.map { String(decoding: $0.1.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) } ?? ""
            #expect(message.contains("was already accepted by"), "\(message)")
        }
        let stats = try json(project.dims("log", "stats", "--json"))
        let kinds = stats["by_kind"] as? [String: Int] ?? stats["byKind"] as? [String: Int]
        #expect(kinds?["approval_granted"] == metrics.count, "\(stats)")
        #expect(try project.dims("replay", "--check").status == 0)
        #expect(baseline(project, "total_objects") == "0")
    }

    /// The original's invocations: list, review, accept with --no-auto-apply (the next run with the approved
    /// value moves it), reject, each with --json; replay rebuilds the same requests.
    @Test func originalInvocationsWork() throws {
        let project = try project()
        project.setValue("count", 125)
        project.setValue("lines", 3000)
        #expect(try project.dims("verify", "--update").status == 5)
        let list = try project.dims("approve", "list")
        #expect(list.status == 0)
        #expect(list.stdout.contains("#1  code_base.file_count: 100 → 125 (+25.0%, critical metric) asked by tester@ci at 2025-10-02T09:00:00Z (verify --update)"), "\(list.stdout)")
        #expect(list.stdout.contains("#2  prediction_system.total_lines: 2,000 → 3,000 (+50.0%, critical drift of a stable metric)"))
        let review = try project.dims("approve", "review", "--id", "1")
        #expect(review.status == 0)
        #expect(review.stdout.contains("Request #1: code_base.file_count 100 → 125 (+25.0%), critical metric"), "\(review.stdout)")
        #expect(review.stdout.contains("request #2 prediction_system.total_lines: 2,000 → 3,000"))
        #expect(review.stdout.contains("2025-10-01T09:00:00Z  100"))
        let reviewJSON = try json(project.dims("approve", "review", "--id", "2", "--json"))
        #expect(reviewJSON["status"] as? String == "pending")
        project.now = "2025-10-02T10:00:00Z"
        let accept = try json(project.dims("approve", "accept", "--id", "1", "--reviewer", "lead", "--notes", "ok", "--no-auto-apply", "--json"))
        #expect(accept["applied"] as? Bool == false)
        #expect(baseline(project, "file_count") == "100")
        let reject = try json(project.dims("approve", "reject", "--id", "2", "--reviewer", "lead", "--notes", "no", "--json"))
        #expect(reject["decision"] as? String == "rejected")
        project.now = "2025-10-02T11:00:00Z"
        let run = try project.dims("verify", "--update")
        #expect(run.stdout.contains("Updated 1 baselines: code_base.file_count"), "\(run.stdout)")
        #expect(baseline(project, "file_count") == "125")
        let before = try project.dims("approve", "list", "--all", "--json").stdout
        #expect(try project.dims("replay").status == 0)
        #expect(try project.dims("approve", "list", "--all", "--json").stdout == before)
        #expect(try project.dims("replay", "--check").status == 0)
        let top = try project.dims("--help")
        #expect(top.stdout.contains("5 a baseline move awaits approval (see 'dims approve')"), "\(top.stdout)")
        #expect(top.stdout.contains("approve"))
        let verifyHelp = try project.dims("verify", "--help")
        #expect(verifyHelp.stdout.contains("exits 5"), "\(verifyHelp.stdout)")
        let help = try project.dims("approve", "--help")
        #expect(help.stdout.contains("List, review, accept or reject baseline moves that await a person's"))
        #expect(help.stdout.contains("accept") && help.stdout.contains("reject") && help.stdout.contains("review"))
    }
}
