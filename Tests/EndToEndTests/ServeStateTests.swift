import DIMSTestSupport
import Foundation
import Testing

/// The overview as of any moment carries what stood then: pending approvals, failed measurements and open alerts;
/// and the recommendations `dims recommend` gives.
@Suite struct ServeStateTests {
    static let config = TestProject.defaultConfig + """

        approval: {enabled: true, critical_metrics: ["code_base.*"], require_approval_threshold: 10}
        alerts:
          enabled: true
          channels:
            - {name: ops, type: command, command: "cat > /dev/null", min_level: major}
        """

    /// 09-01 baselines; 09-05 file_count +30 % (request #1, a critical alert); 09-10 total_lines fails (an error alert);
    /// 09-15 #1 accepted and total_lines back: both alerts resolve.
    static func project() throws -> TestProject {
        let project = try TestProject(config: config)
        project.now = "2025-09-01T09:00:00Z"
        try project.dims("verify", "--update")
        project.now = "2025-09-05T09:00:00Z"
        project.setValue("count", 130)
        #expect(try project.dims("verify", "--update").status == 5)
        project.now = "2025-09-10T09:00:00Z"
        try FileManager.default.removeItem(atPath: project.root + "/values/lines.txt")
        #expect(try project.dims("verify").status == 2)
        project.now = "2025-09-15T09:00:00Z"
        #expect(try project.dims("approve", "accept", "--id", "1", "--reviewer", "ada").status == 0)
        project.now = "2025-09-15T10:00:00Z"
        project.setValue("lines", 2000)
        #expect(try project.dims("verify").status == 0)
        project.now = "2025-09-20T09:00:00Z"
        return project
    }

    /// Each metric's status and each pending request's number in an overview.
    static func state(_ body: String) throws -> (status: [String: String], pending: [Int]) {
        let report = try ServeTests.object(body)
        let status = (report["metrics"] as? [[String: Any]] ?? []).reduce(into: [String: String]()) { $0[$1["path"] as? String ?? ""] = $1["status"] as? String }
        return (status, (report["pending_approvals"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int })
    }

    static func openAlerts(_ body: String) throws -> [String] {
        (try ServeTests.object(body)["open"] as? [[String: Any]] ?? []).map { "\($0["metric"] ?? "") \($0["level"] ?? "") \($0["kind"] ?? "")" }
    }

    @Test func theOverviewAsOfAMomentCarriesItsApprovalsFailuresAndAlerts() throws {
        let project = try Self.project()
        let server = try ServeProcess(project)
        let early = try Self.state(try server.get("/api/overview?at=2025-09-07").body)
        #expect(early.pending == [1] && early.status["code_base.file_count"] == "drifted" && early.status["prediction_system.total_lines"] == "ok", "\(early)")
        let failing = try Self.state(try server.get("/api/overview?at=2025-09-12").body)
        #expect(failing.pending == [1] && failing.status["prediction_system.total_lines"] == "error", "\(failing)")
        let row = (try ServeTests.object(try server.get("/api/overview?at=2025-09-12").body)["metrics"] as? [[String: Any]])?
            .first { $0["path"] as? String == "prediction_system.total_lines" }
        #expect((row?["error"] as? String)?.isEmpty == false && row?["baseline"] as? Int == 2000, "\(String(describing: row))")
        let decided = try Self.state(try server.get("/api/overview?at=2025-09-15T09:30:00Z").body)
        #expect(decided.pending.isEmpty && decided.status["code_base.file_count"] == "ok" && decided.status["prediction_system.total_lines"] == "error", "\(decided)")
        let now = try Self.state(try server.get("/api/overview").body)
        #expect(now.pending.isEmpty && now.status.values.allSatisfy { $0 == "ok" }, "\(now)")
        // Before the request, nothing was pending; `approve list --all` tells the same story.
        #expect(try Self.state(try server.get("/api/overview?at=2025-09-04").body).pending.isEmpty)
        let list = try ServeTests.object(try project.dims("approve", "list", "--all", "--json").stdout)["requests"] as? [[String: Any]]
        #expect(list?.first?["asked_at"] as? String == "2025-09-05T09:00:00Z" && list?.first?["decided_at"] as? String == "2025-09-15T09:00:00Z")

        #expect(try Self.openAlerts(try server.get("/api/alerts?at=2025-09-07").body) == ["code_base.file_count critical firing"])
        #expect(try Self.openAlerts(try server.get("/api/alerts?at=2025-09-12").body)
                == ["code_base.file_count critical firing", "prediction_system.total_lines error firing"])
        #expect(try Self.openAlerts(try server.get("/api/alerts").body) == [])
        let alerts = try ServeTests.object(try server.get("/api/alerts?at=2025-09-12").body)
        #expect(alerts["at"] as? String == "2025-09-12T23:59:59Z" || (alerts["at"] as? String)?.hasPrefix("2025-09-12T23:59:59") == true, "\(alerts)")
        let first = (alerts["open"] as? [[String: Any]])?.first
        #expect(first?["channel"] as? String == "ops" && first?["since"] as? String == "2025-09-05T09:00:00Z" && first?["value"] as? Int == 130, "\(String(describing: first))")
        #expect(try server.get("/api/alerts?at=soon").status == 400)
    }

    /// The overview's recommendations are `dims recommend --json`'s, rule for rule.
    @Test func theOverviewCarriesTheRecommendations() throws {
        let project = try TestProject(config: """
            version: "1.0.0"
            metrics:
              s3_storage:
                monthly_cost: {command: "cat values/cost.txt", parse_type: float, limits: {budget: 60}}
              code_base:
                python_files: {command: "cat values/py.txt", parse_type: integer}
              documentation:
                markdown_files: {command: "cat values/md.txt", parse_type: integer}
            """)
        var day = try #require(ISO8601DateFormatter().date(from: "2024-01-01T00:00:00Z"))
        for index in 0..<60 {
            let date = String(ISO8601DateFormatter().string(from: day).prefix(10))
            project.write("""
                metadata: {snapshot_date: '\(date)'}
                s3_storage:
                  monthly_cost: {value: \(String(format: "%.2f", 30 + 0.25 * Double(index))), last_verified: '\(date)T06:00:00'}
                code_base:
                  python_files: {value: \(1_000 + 3 * index), last_verified: '\(date)T06:00:00'}
                documentation:
                  markdown_files: {value: 200, last_verified: '\(date)T06:00:00'}
                """, to: "inventory/historical/\(date).yaml")
            project.now = "\(date)T23:00:00Z"
            day += 86_400
        }
        let cli = try ServeTests.object(try project.dims("recommend", "--json").stdout)["recommendations"] as? [Any]
        let server = try ServeProcess(project)
        let served = try ServeTests.object(try server.get("/api/overview").body)["recommendations"] as? [Any]
        #expect((cli?.count ?? 0) == 2)
        func canonical(_ items: [Any]?) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: items ?? [], options: [.sortedKeys]), as: UTF8.self)
        }
        #expect(try canonical(served) == canonical(cli), "\(String(describing: served)) vs \(String(describing: cli))")
    }
}
