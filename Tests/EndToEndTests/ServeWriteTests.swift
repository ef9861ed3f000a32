import DIMSTestSupport
import Foundation
import Testing

/// `dims serve --allow-write`: deciding approvals and moving baselines over HTTP, through the real server, which runs
/// the command line's own `dims approve` and `dims update --metric`.
@Suite struct ServeWriteTests {
    static let token = "write-token-0123456789"

    /// Request #1 (code_base.file_count 100 → 120) and #2 (s3_storage.total_objects falling to 0) pending.
    static func projectAwaitingApproval() throws -> TestProject {
        let project = try TestProject(config: ApprovalTests.config)
        project.setValue("objects", 172_975)
        project.setValue("deleted", 12)
        try project.dims("verify", "--update")
        project.now = "2025-10-02T09:00:00Z"
        project.setValue("count", 120)
        try FileManager.default.removeItem(atPath: project.root + "/values/objects.txt")
        let run = try project.dims("verify", "--update")
        #expect(run.status == 5, "\(run.stdout)\(run.stderr)")
        project.write(token + "\n", to: "token.txt")
        return project
    }

    static func pendingIDs(_ project: TestProject) throws -> [Int] {
        let list = try ServeTests.object(try project.dims("approve", "list", "--json").stdout)
        return (list["requests"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
    }

    @Test func withoutAllowWriteNothingWrites() throws {
        let project = try Self.projectAwaitingApproval()
        let server = try ServeProcess(project, arguments: ["--token-file", project.root + "/token.txt"])
        let refused = try server.get("/api/approvals/1/accept", method: "POST",
                                     headers: ["Authorization: Bearer \(Self.token)", "Content-Type: application/json"], body: #"{"reviewer": "ada"}"#)
        #expect(refused.status == 405, "\(refused.body)")
        #expect(refused.body.contains("read-only"))
        #expect(try ServeTests.object(try server.get("/api/status", headers: ["Authorization: Bearer \(Self.token)"]).body)["writable"] as? Bool == false)
        #expect(try Self.pendingIDs(project) == [1, 2])
        // The overview lists the pending requests as `verify --json` does.
        func pending(_ text: String) throws -> String {
            let items = try ServeTests.object(text)["pending_approvals"] ?? []
            return String(decoding: try JSONSerialization.data(withJSONObject: items, options: [.sortedKeys]), as: UTF8.self)
        }
        let overview = try server.get("/api/overview", headers: ["Authorization: Bearer \(Self.token)"]).body
        #expect(try pending(overview) == pending(try project.dims("verify", "--json").stdout))
        #expect(try pending(overview).contains("\"id\":2"))

        // --allow-write needs a token, even on loopback.
        let tokenless = try project.dims("serve", "--port", "0", "--allow-write")
        #expect(tokenless.status == 2)
        #expect(tokenless.stderr.contains("--allow-write lets requests decide approvals and move baselines: give a token"), "\(tokenless.stderr)")
    }

    @Test func writesNeedTheTokenInTheHeaderFromThisSiteAsJSON() throws {
        let project = try Self.projectAwaitingApproval()
        let server = try ServeProcess(project, arguments: ["--token-file", project.root + "/token.txt", "--allow-write"])
        let bearer = "Authorization: Bearer \(Self.token)", json = "Content-Type: application/json"
        let body = #"{"reviewer": "ada", "notes": "fine"}"#
        func post(_ headers: [String], _ body: String = body, to path: String = "/api/approvals/1/accept") throws -> (status: Int, headers: String, body: String) {
            try server.get(path, method: "POST", headers: headers, body: body)
        }
        #expect(try post([json]).status == 401, "no token")
        #expect(try post([json, "Cookie: dims_token=\(Self.token)"]).status == 401, "the cookie alone never writes")
        #expect(try post([json, "Authorization: Bearer wrong-token-0123456789"]).status == 401)
        #expect(try post([bearer, json, "Origin: http://attacker.example"]).status == 403, "another site")
        #expect(try post([bearer, json, "Origin: http://127.0.0.1:\(server.port).attacker.example"]).status == 403)
        #expect(try post([bearer, json, "Sec-Fetch-Site: cross-site"]).status == 403)
        #expect(try post([bearer, "Content-Type: text/plain"]).status == 415, "a form or text body")
        #expect(try post([bearer, "Content-Type: application/x-www-form-urlencoded"], "reviewer=ada").status == 415)
        #expect(try post([bearer, json], "[1]").status == 400)
        #expect(try post([bearer, json], #"{"notes": "no reviewer"}"#).status == 400)
        #expect(try post([bearer, json], to: "/api/approvals/0/accept").status == 400)
        #expect(try post([bearer, json], to: "/api/approvals/1/maybe").status == 404)
        #expect(try server.get("/api/overview", method: "OPTIONS", headers: [bearer]).status == 405)
        #expect(try Self.pendingIDs(project) == [1, 2], "nothing refused wrote anything")

        // From the dashboard's own page (same origin), with the token: request #1 accepted, the baseline moved.
        let accepted = try post([bearer, json, "Origin: http://127.0.0.1:\(server.port)", "Sec-Fetch-Site: same-origin"],
                                #"{"reviewer": "Ada <script>alert(1)</script>", "notes": "expected growth"}"#)
        #expect(accepted.status == 200, "\(accepted.body)")
        let answer = try ServeTests.object(accepted.body)
        #expect(answer["decision"] as? String == "accepted" && answer["applied"] as? Bool == true && answer["baseline"] as? String == "120", "\(answer)")
        #expect(answer["reviewer"] as? String == "Ada <script>alert(1)</script>")
        #expect(project.read("inventory/metrics.yaml")?.contains("value: 120") == true)

        // Deciding it again is refused as the command line refuses it, with the same answer.
        let again = try post([bearer, json], #"{"reviewer": "bob"}"#)
        #expect(again.status == 422)
        let cli = try project.dims("approve", "accept", "--id", "1", "--reviewer", "bob", "--json")
        #expect(cli.status == 2 && again.body == cli.stdout, "\(again.body) vs \(cli.stdout)")

        let rejected = try post([bearer, json], #"{"reviewer": "ada", "notes": "the bucket is not empty"}"#, to: "/api/approvals/2/reject")
        #expect(rejected.status == 200, "\(rejected.body)")
        #expect(try ServeTests.object(rejected.body)["decision"] as? String == "rejected")
        #expect(try Self.pendingIDs(project).isEmpty)

        // The audit names who decided and who ran the server (the actor).
        let audit = try server.get("/api/audit/code_base.file_count", headers: [bearer])
        #expect(audit.body == (try project.dims(["audit", "code_base.file_count", "--json"])).stdout)
        let events = try ServeTests.object(audit.body)["events"] as? [[String: Any]] ?? []
        let decision = events.first { $0["kind"] as? String == "approval_granted" }
        #expect(decision?["actor"] as? String == project.actor, "\(events)")
        #expect((decision?["text"] as? String)?.contains("Ada <script>alert(1)</script>") == true, "\(String(describing: decision))")
    }

    @Test func aBaselineMovesOnRequestAsUpdateMovesIt() throws {
        let project = try Self.projectAwaitingApproval()
        let server = try ServeProcess(project, arguments: ["--token-file", project.root + "/token.txt", "--allow-write"])
        let headers = ["Authorization: Bearer \(Self.token)", "Content-Type: application/json"]
        #expect(try ServeTests.object(try server.get("/api/status", headers: headers).body)["writable"] as? Bool == true)

        project.setValue("lines", 2050)
        let moved = try server.get("/api/baselines/prediction_system.total_lines", method: "POST", headers: headers, body: "{}")
        #expect(moved.status == 200, "\(moved.body)")
        #expect(try ServeTests.object(moved.body)["updated"] as? [String] == ["prediction_system.total_lines"], "\(moved.body)")
        let verify = try ServeTests.object(try project.dims("verify", "--json").stdout)
        let row = (verify["metrics"] as? [[String: Any]])?.first { $0["path"] as? String == "prediction_system.total_lines" }
        #expect(row?["baseline"] as? Int == 2050, "\(String(describing: row))")

        // A critical metric's move asks for approval, as `dims update` does: 202 and the request.
        project.setValue("count", 200)
        let asked = try server.get("/api/baselines/" + "code_base.file_count".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!,
                                   method: "POST", headers: headers, body: "")
        #expect(asked.status == 202, "\(asked.body)")
        #expect(try ServeTests.object(asked.body)["awaiting_approval"] != nil)
        #expect(try Self.pendingIDs(project) == [2, 3], "#3 supersedes #1, as a run of 'dims update' would")

        let unknown = try server.get("/api/baselines/code_base.nope", method: "POST", headers: headers, body: "{}")
        #expect(unknown.status == 422, "\(unknown.body)")
        #expect(((try ServeTests.object(unknown.body)["error"] as? [String: Any])?["message"] as? String)?.contains("code_base.nope") == true, "\(unknown.body)")
    }
}
