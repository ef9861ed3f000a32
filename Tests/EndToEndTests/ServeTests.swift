import DIMSTestSupport
import Foundation
import Testing

/// `dims serve` started for real on a free loopback port, asked over HTTP with curl, its answers compared with
/// what the CLI prints for the same questions.
@Suite struct ServeTests {
    /// A project with a few weeks of history: baselines set, a drift, a moved baseline.
    static func projectWithHistory() throws -> TestProject {
        let project = try TestProject()
        project.now = "2025-09-01T09:00:00Z"
        try project.dims("verify", "--update")
        project.setValue("count", 104)
        project.now = "2025-09-05T09:00:00Z"
        try project.dims("verify")
        project.setValue("count", 130)
        project.setValue("lines", 2100)
        project.now = "2025-09-12T09:00:00Z"
        try project.dims("verify")
        project.now = "2025-09-20T09:00:00Z"
        try project.dims("update")
        project.setValue("count", 150)
        project.now = "2025-09-25T09:00:00Z"
        try project.dims("verify")
        project.now = "2025-10-01T09:00:00Z"
        return project
    }

    @Test func apiAnswersAreTheCLIsAnswers() throws {
        let project = try Self.projectWithHistory()
        let server = try ServeProcess(project)

        for (since, until) in [("2025-09-03", "2025-09-21"), ("2025-09-01", "2025-09-12T12:00:00Z"), ("10d", nil as String?)] {
            var arguments = ["diff", "--since", since, "--json"]
            var query = "since=\(since)"
            if let until { arguments += ["--until", until]; query += "&until=\(until)" }
            let cli = try project.dims(arguments)
            let api = try server.get("/api/diff?\(query)")
            #expect(api.status == 200)
            #expect(api.body == cli.stdout, "diff \(query): the API and the CLI differ")
        }
        let history = try server.get("/api/history/code_base.file_count?since=2025-09-02")
        #expect(history.status == 200)
        #expect(history.body == (try project.dims(["history", "code_base.file_count", "--since", "2025-09-02", "--json"])).stdout)
        let audit = try server.get("/api/audit/code_base.file_count")
        #expect(audit.status == 200)
        #expect(audit.body == (try project.dims(["audit", "code_base.file_count", "--json"])).stdout)
        #expect(audit.body.contains("baseline 100 → 130"))

        // The overview as of a past moment: the values `diff` shows for that moment.
        let then = try ServeTests.object(try project.dims(["diff", "--since", "2025-09-12", "--json"]).stdout)
        let past = try ServeTests.object(try server.get("/api/overview?at=2025-09-12").body)
        let thenValues = (then["metrics"] as? [[String: Any]] ?? []).reduce(into: [String: Int]()) { $0[$1["metric"] as? String ?? ""] = $1["then"] as? Int }
        let pastValues = (past["metrics"] as? [[String: Any]] ?? []).reduce(into: [String: Int]()) { $0[$1["path"] as? String ?? ""] = $1["value"] as? Int }
        #expect(pastValues == thenValues && pastValues["code_base.file_count"] == 130, "\(pastValues) \(thenValues)")
        // Before the first measurement nothing had been measured: no rows, and no errors for metrics not measured yet.
        let before = try ServeTests.object(try server.get("/api/overview?at=2025-08-15").body)
        #expect((before["metrics"] as? [[String: Any]])?.isEmpty == true, "\(before["metrics"] ?? "nil")")
        #expect((before["summary"] as? [String: Int])?["errors"] ?? 0 == 0, "\(before["summary"] ?? "nil")")

        // The overview now is what verify shows (verify measures the same values again, so nothing moves).
        let verify = try ServeTests.object(try project.dims(["verify", "--json"]).stdout)
        let overview = try server.get("/api/overview")
        #expect(overview.status == 200)
        let keys = ["path", "category", "name", "value", "baseline", "status", "level", "severity", "delta", "percent", "error"]
        func rows(_ report: [String: Any]) -> [String] {
            (report["metrics"] as? [[String: Any]] ?? []).map { row in keys.map { "\($0)=\(row[$0].map { "\($0)" } ?? "nil")" }.joined(separator: " ") }
        }
        let served = try ServeTests.object(overview.body)
        #expect(rows(served) == rows(verify))
        #expect(rows(served).contains { $0.contains("value=150") && $0.contains("status=drifted") })
        #expect((served["summary"] as? [String: Int]) == (verify["summary"] as? [String: Int]))

        #expect(try server.get("/api/history/code_base.nope").status == 404)
        #expect(try server.get("/api/overview?at=yesterday-ish").status == 400)
        #expect(try server.get("/api/diff").status == 400)
        #expect(try server.get("/no/such/page").status == 404)
    }

    @Test func metricsAreValidPrometheusTextAndWhatGenerateWrites() throws {
        let project = try Self.projectWithHistory()
        let server = try ServeProcess(project)
        let metrics = try server.get("/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.headers.lowercased().contains("content-type: text/plain; version=0.0.4"))
        let generate = try project.dims("generate", "--format", "prom")
        #expect(generate.status == 0, "\(generate.stderr)")
        #expect(project.read("inventory/outputs/dims.prom") == metrics.body)
        #expect(project.read("inventory/outputs/metrics_report.md") == nil, "--format prom writes only the Prometheus file")

        let parsed = try ServeTests.python("""
            import sys
            from prometheus_client.parser import text_string_to_metric_families
            for family in text_string_to_metric_families(sys.stdin.read()):
                for sample in family.samples:
                    labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
                    print(f"{family.type} {sample.name} {labels} {float(sample.value)!r}")
            """, input: metrics.body)
        #expect(parsed.status == 0, "\(parsed.stderr)")
        let lines = Set(parsed.stdout.split(separator: "\n").map(String.init))
        #expect(lines.contains("gauge dims_metric_value category=code_base,metric=code_base.file_count 150.0"), "\(parsed.stdout)")
        #expect(lines.contains("gauge dims_metric_baseline category=code_base,metric=code_base.file_count 130.0"))
        let row = (try ServeTests.object(try server.get("/api/overview").body)["metrics"] as? [[String: Any]])?.first { $0["path"] as? String == "code_base.file_count" }
        let level = ["ok", "minor", "moderate", "major", "critical"].firstIndex(of: row?["level"] as? String ?? "") ?? -1
        #expect(level > 0 && lines.contains("gauge dims_metric_drift_level category=code_base,metric=code_base.file_count \(Double(level))"))
        #expect(lines.contains("gauge dims_metric_drift_percent category=code_base,metric=code_base.file_count 15.384615384615385"))
        #expect(lines.contains("gauge dims_metric_last_measured_timestamp_seconds category=code_base,metric=code_base.file_count 1758790800.0"))
        #expect(lines.contains { $0.hasPrefix("counter dims_events_total kind=measured ") })

        // New events are counted from where the count stopped.
        let before = lines.first { $0.hasPrefix("counter dims_events_total kind=measured ") }
        try project.dims("verify")
        let after = try ServeTests.python("""
            import sys
            from prometheus_client.parser import text_string_to_metric_families
            print([float(s.value) for f in text_string_to_metric_families(sys.stdin.read()) for s in f.samples if s.labels.get("kind") == "measured"][0])
            """, input: try server.get("/metrics").body)
        #expect(before.map { "\($0.split(separator: " ").last!)" }.flatMap(Double.init).map { $0 + 2 } == Double(after.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test func everyResponseIsGuarded() throws {
        let project = try Self.projectWithHistory()
        let server = try ServeProcess(project)
        for path in ["/", "/api/overview", "/nope", "/metrics", "/assets/app.js"] {
            let answer = try server.get(path)
            #expect(answer.headers.contains("Content-Security-Policy: default-src 'none'; script-src 'self'"), "\(path): \(answer.headers)")
            #expect(answer.headers.contains("X-Content-Type-Options: nosniff"))
        }
        // DNS rebinding: a page of another name pointed at 127.0.0.1 is refused.
        let rebound = try server.get("/api/overview", headers: ["Host: attacker.example:\(server.port)"])
        #expect(rebound.status == 421)
        #expect(rebound.headers.contains("Content-Security-Policy"))
        #expect(try server.get("/api/overview", headers: ["Host: localhost:\(server.port)"]).status == 200)
        // Read-only: no method but GET.
        for method in ["POST", "PUT", "DELETE", "PATCH"] {
            #expect(try server.get("/api/overview", method: method).status == 405, "\(method)")
        }
        // The page's markup holds no project string; the script writes text only.
        let page = try server.get("/")
        #expect(!page.body.contains("<script>") && page.body.contains("<script src=\"/assets/app.js\" defer></script>"))
        let script = try server.get("/assets/app.js").body
        #expect(!script.contains("innerHTML") && !script.contains("outerHTML =") && !script.contains("insertAdjacentHTML") && !script.contains("eval("))

        // Another address needs a token.
        let refused = try project.dims("serve", "--bind", "0.0.0.0", "--port", "0")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--token-file or DIMS_SERVE_TOKEN"))
        let short = try project.dims("serve", "--port", "0", environment: ["DIMS_SERVE_TOKEN": "short"])
        #expect(short.status == 2)
    }

    @Test func aTokenIsRequiredWhenSet() throws {
        let project = try Self.projectWithHistory()
        let token = "s3cret-token-0123456789"
        project.write(token + "\n", to: "token.txt")
        let server = try ServeProcess(project, arguments: ["--token-file", project.root + "/token.txt"])
        #expect(try server.get("/api/overview").status == 401)
        #expect(try server.get("/metrics").status == 401)
        #expect(try server.get("/api/overview", headers: ["Authorization: Bearer wrong-token-0123456789"]).status == 401)
        #expect(try server.get("/api/overview", headers: ["Authorization: Bearer \(token)"]).status == 200)
        let login = try server.get("/?token=\(token)")
        #expect(login.status == 303)
        #expect(login.headers.contains("Set-Cookie: dims_token=\(token); Path=/; HttpOnly; SameSite=Strict"))
        #expect(try server.get("/?token=nope").status == 401)
        #expect(try server.get("/api/overview", headers: ["Cookie: a=b; dims_token=\(token)"]).status == 200)
        #expect(try server.get("/api/overview", headers: ["Cookie: dims_token=\(token)x"]).status == 401)
    }

    @Test func openPagesHearOfAppendsFromTheLog() throws {
        let project = try Self.projectWithHistory()
        let server = try ServeProcess(project)
        let events = Background { try ProcessRunner.run("/usr/bin/curl", ["-sN", "--max-time", "5", "http://127.0.0.1:\(server.port)/api/events"]) }
        Thread.sleep(forTimeInterval: 1.5)
        project.setValue("count", 170)
        project.now = "2025-10-02T09:00:00Z"
        try project.dims("verify")
        let stream = try events.value().stdout
        let seqs = stream.split(separator: "\n").filter { $0.hasPrefix("data: ") }.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8)) as? [String: Any])?["last_seq"] as? Int
        }
        #expect(seqs.count == 2 && seqs[1] > seqs[0], "\(stream)")
        #expect(stream.contains("event: appended"))
    }

    @Test func theOpenAPIDocumentIsValidAndEveryPathAnswers() throws {
        let project = try Self.projectWithHistory()
        let server = try ServeProcess(project)
        let document = try server.get("/api/openapi.json")
        #expect(document.status == 200)
        let checked = try ServeTests.python("""
            import json, sys
            from openapi_spec_validator import validate
            spec = json.loads(sys.stdin.read())
            validate(spec)
            print("\\n".join(path for path, operations in spec["paths"].items() if "get" in operations))
            """, input: document.body)
        #expect(checked.status == 0, "\(checked.stderr)")
        for path in checked.stdout.split(separator: "\n") where path != "/api/events" {
            let concrete = path.replacingOccurrences(of: "{metric}", with: "code_base.file_count") + (path == "/api/diff" ? "?since=7d" : "")
            #expect(try server.get(concrete).status == 200, "\(concrete)")
        }
    }

    /// A year of daily history (imported from snapshot files, as a project moving from the original has), a metric
    /// whose names, description and value are hostile markup, and headless Chromium over the DevTools protocol.
    @Test func theDashboardInABrowser() throws {
        let hostileCategory = "<img src=x onerror=window.__xss=true>"
        let hostileName = "\\\"><script>window.__xss=true</script>"
        let project = try TestProject(config: TestProject.defaultConfig + """

              "\(hostileCategory)":
                "\(hostileName)":
                  command: "cat values/hostile.txt"
                  parse_type: string
                  description: "<script>window.__xss=true</script><a href='javascript:window.__xss=true'>x</a>"
            approval: {enabled: true, critical_metrics: ["code_base.*"], require_approval_threshold: 10}
            alerts:
              enabled: true
              channels:
                - {name: "<b>ops</b>", type: command, command: "cat > /dev/null", min_level: major}
            """)
        project.write("javascript:window.__xss=true\n", to: "values/hostile.txt")
        var day = try #require(ISO8601DateFormatter().date(from: "2024-10-01T00:00:00Z"))
        for i in 0..<365 {
            let date = String(ISO8601DateFormatter().string(from: day).prefix(10))
            project.write("""
                metadata: {snapshot_date: '\(date)'}
                code_base:
                  file_count: {value: \(50 + i / 5), last_verified: '\(date)T08:00:00'}
                prediction_system:
                  total_lines: {value: \(1000 + 3 * i), last_verified: '\(date)T08:00:00'}

                """, to: "inventory/historical/\(date).yaml")
            day += 86_400
        }
        try project.dims("import")
        let verify = try project.dims("verify", "--update")
        #expect(verify.status == 0, "\(verify.stderr)")
        let metrics = try ServeTests.object(try project.dims("verify", "--json").stdout)["metrics"] as? [[String: Any]] ?? []
        let paths = metrics.compactMap { $0["path"] as? String }
        #expect(paths.count == 3 && paths.contains { $0.contains("<script>") }, "\(paths)")

        // Written with --allow-write and a token, so the page's Accept button is tried too.
        let token = "browser-token-0123456789"
        project.write(token + "\n", to: "token.txt")
        let server = try ServeProcess(project, arguments: ["--allow-write", "--token-file", project.root + "/token.txt"])
        project.setValue("count", 150)
        let shots = ProcessInfo.processInfo.environment["DIMS_SCREENSHOTS"] ?? project.root + "/screenshots"
        let check = try ProcessRunner.run("/usr/bin/env", ["python3", ProcessRunner.packageRoot + "/Tests/Browser/dashboard_check.py",
                                                            "http://127.0.0.1:\(server.port)", ProcessRunner.binary("dims"), project.root, shots]
                                          + paths + ["--at", "2025-03-15", "--expect-request-and-alert", "--token", token, "--append-env", "DIMS_NOW=2025-10-01T10:00:00Z",
                                                     "--append-env", "DIMS_ACTOR=\(project.actor)"]
                                          + ProcessRunner.dimsTrust.flatMap { ["--append-env", "\($0.key)=\($0.value)"] })
        #expect(check.status == 0, "\(check.stdout)\n\(check.stderr)")
        #expect(check.stdout.contains("browser check: passed"))
    }

    // MARK: - Helpers

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    static func python(_ script: String, input: String) throws -> ProcessResult {
        try ProcessRunner.run("/usr/bin/env", ["python3", "-c", script], input: input)
    }
}

extension TestProject {
    @discardableResult
    func dims(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        var env = ["DIMS_NOW": now, "DIMS_ACTOR": actor]
        for (k, v) in environment { env[k] = v }
        return try ProcessRunner.run(ProcessRunner.binary("dims"), arguments, in: root, environment: env)
    }
}

/// A value computed on another thread while the test goes on.
final class Background<T: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<T, any Error>?

    init(_ body: @escaping @Sendable () throws -> T) {
        DispatchQueue.global().async {
            self.result = Result { try body() }
            self.done.signal()
        }
    }

    func value() throws -> T {
        done.wait()
        return try result!.get()
    }
}

/// `dims serve --port 0` in a project, at the project's "now"; stopped with SIGTERM when released.
final class ServeProcess: @unchecked Sendable {
    let port: Int
    private let process: Process

    init(_ project: TestProject, arguments: [String] = []) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessRunner.binary("dims"))
        process.arguments = ["serve", "--port", "0"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: project.root)
        var env = ProcessInfo.processInfo.environment.merging(ProcessRunner.dimsTrust) { $1 }
        env["DIMS_NOW"] = project.now
        env["DIMS_ACTOR"] = project.actor
        process.environment = env
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = output.firstLine()
        guard let range = text.range(of: #"127\.0\.0\.1:[0-9]+"#, options: .regularExpression),
              let port = Int(text[range].split(separator: ":")[1]) else {
            process.terminate()
            throw FixtureError(message: "dims serve did not say where it listens: \(text)")
        }
        self.port = port
        self.process = process
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    /// One request with curl: status, headers (as sent) and body (byte for byte).
    func get(_ path: String, method: String = "GET", headers: [String] = [], body: String? = nil) throws -> (status: Int, headers: String, body: String) {
        let result = try ProcessRunner.run("/usr/bin/curl", ["-s", "-i", "-X", method, "--max-time", "120"] + headers.flatMap { ["-H", $0] }
                                           + (body.map { ["--data-binary", $0] } ?? []) + ["http://127.0.0.1:\(port)\(path)"])
        guard let split = result.stdout.range(of: "\r\n\r\n") else { throw FixtureError(message: "no HTTP answer for \(path): \(result.stderr)") }
        let head = String(result.stdout[..<split.lowerBound])
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        return (status, head, String(result.stdout[split.upperBound...]))
    }
}
