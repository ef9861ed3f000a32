import DIMSTestSupport
import Foundation
import Testing

/// An HTTP receiver on 127.0.0.1 (`Tests/Fixtures/alerts/receiver.py`) that records requests and answers as planned.
final class Receiver: @unchecked Sendable {
    let dir = TemporaryDirectory("dims-receiver")
    let fixture: FixtureProcess
    var logPath: String { dir.path + "/requests.jsonl" }
    /// The secret part of the webhook URL, which must never show anywhere.
    static let secret = "T00SECRET/B00SECRET/xoxb-SECRETTOKEN"

    /// `plan`: answers in order, the last repeating: status codes or `hang`.
    init(_ plan: String = "200") throws {
        fixture = try FixtureProcess(script: "receiver.py", arguments: [dir.path + "/requests.jsonl", plan], folder: "alerts")
    }

    var url: String { "http://127.0.0.1:\(fixture.port)/services/\(Receiver.secret)?token=SECRETQUERY" }
    var environment: [String: String] { ["ALERT_WEBHOOK_URL": url] }

    /// The requests received so far: method, path, headers, body (parsed), answer.
    func requests() -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard var object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else { return nil }
            if let body = object["body"] as? String { object["json"] = try? JSONSerialization.jsonObject(with: Data(body.utf8)) }
            return object
        }
    }

    func bodies() -> [[String: Any]] { requests().compactMap { $0["json"] as? [String: Any] } }
}

@Suite(.serialized)
struct AlertTests {
    static func config(attempts: Int = 3, timeout: Int = 5, repeatAfter: Int? = 24) -> String {
        TestProject.defaultConfig + """

            alerts:
              enabled: true
              channels:
                - name: team
                  type: webhook
                  url: "${ALERT_WEBHOOK_URL}"
                  min_level: major
                  timeout_seconds: \(timeout)
                  attempts: \(attempts)
            \(repeatAfter.map { "      repeat_after_hours: \($0)" } ?? "")
            """
    }

    static func kinds(_ project: TestProject) throws -> [String: Int] {
        let stats = try project.dims("log", "stats", "--json")
        let object = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any]
        return object?["by_kind"] as? [String: Int] ?? [:]
    }

    static func pending(_ project: TestProject, environment: [String: String] = [:]) throws -> [[String: Any]] {
        let list = try project.dims("alerts", "list", "--json", environment: environment)
        let object = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any]
        return object?["pending"] as? [[String: Any]] ?? []
    }

    /// Every file under the project, as bytes, must not hold the secret.
    static func expectNoSecret(in project: TestProject, outputs: [ProcessResult], sourceLocation: SourceLocation = #_sourceLocation) {
        for result in outputs {
            #expect(!result.stdout.contains("SECRET") && !result.stderr.contains("SECRET"), "\(result.stdout)\(result.stderr)", sourceLocation: sourceLocation)
        }
        let enumerator = FileManager.default.enumerator(atPath: project.root + "/inventory")
        while let relative = enumerator?.nextObject() as? String {
            guard let data = FileManager.default.contents(atPath: project.root + "/inventory/" + relative) else { continue }
            #expect(data.range(of: Data("SECRET".utf8)) == nil, "inventory/\(relative) holds the secret", sourceLocation: sourceLocation)
        }
    }

    @Test func crossingIntoMajorAlertsOnceRemindsAfterRepeatAndResolvesOnce() throws {
        let receiver = try Receiver()
        let project = try TestProject(config: Self.config())
        let env = receiver.environment
        var outputs = [try project.dims("update", environment: env)]
        #expect(receiver.requests().isEmpty, "new metrics do not alert")

        project.setValue("count", 120)  // +20 %: major
        project.now = "2025-10-01T10:00:00Z"
        outputs.append(try project.dims("verify", environment: env))
        #expect(outputs.last?.status == 1)
        var bodies = receiver.bodies()
        #expect(bodies.count == 1)
        #expect(bodies.first?["kind"] as? String == "firing")
        #expect(bodies.first?["level"] as? String == "major")
        #expect(bodies.first?["metric"] as? String == "code_base.file_count")
        #expect(bodies.first?["value"] as? Int == 120)
        #expect(bodies.first?["baseline"] as? Int == 100)
        #expect(bodies.first?["delta"] as? Int == 20)
        #expect(bodies.first?["percent"] as? Int == 20)
        #expect((bodies.first?["text"] as? String)?.contains("code_base.file_count: 120 (drifted +20.0% from 100)") == true)
        #expect(receiver.requests().first?["path"] as? String == "/services/\(Receiver.secret)?token=SECRETQUERY")

        project.now = "2025-10-01T11:00:00Z"
        outputs.append(try project.dims("verify", environment: env))
        project.now = "2025-10-02T09:59:00Z"
        outputs.append(try project.dims("verify", environment: env))
        #expect(receiver.bodies().count == 1, "staying major sends nothing before repeat_after_hours")

        project.now = "2025-10-02T10:00:00Z"
        outputs.append(try project.dims("verify", environment: env))
        bodies = receiver.bodies()
        #expect(bodies.map { $0["kind"] as? String } == ["firing", "reminder"])

        project.setValue("count", 101)
        project.now = "2025-10-02T11:00:00Z"
        outputs.append(try project.dims("verify", environment: env))
        project.now = "2025-10-02T12:00:00Z"
        outputs.append(try project.dims("verify", environment: env))
        bodies = receiver.bodies()
        #expect(bodies.map { $0["kind"] as? String } == ["firing", "reminder", "resolved"])
        #expect(Set(receiver.requests().compactMap { ($0["headers"] as? [String: String])?["Idempotency-Key"] }).count == 3)
        #expect(try Self.kinds(project)["alert_delivered"] == 3)

        outputs.append(try project.dims("alerts", "list", environment: env))
        #expect(outputs.last?.stdout.contains("team: webhook http://127.0.0.1:\(receiver.fixture.port)/…, major and above") == true, "\(outputs.last?.stdout ?? "")")
        outputs.append(try project.dims("audit", "code_base.file_count", environment: env))
        outputs.append(try project.dims("generate", environment: env))
        let export = project.root + "/log.export"
        outputs.append(try project.dims("log", "export", export, environment: env))
        #expect(FileManager.default.contents(atPath: export)?.range(of: Data("SECRET".utf8)) == nil)
        Self.expectNoSecret(in: project, outputs: outputs)
    }

    @Test func receiverFailingTwiceThenAcceptingGetsTheAlertOnce() throws {
        let receiver = try Receiver("500,500,200")
        let project = try TestProject(config: Self.config())
        try project.dims("update", environment: receiver.environment)
        project.setValue("count", 130)
        let run = try project.dims("verify", environment: receiver.environment)
        #expect(run.status == 1)
        let requests = receiver.requests()
        #expect(requests.map { $0["answer"] as? String } == ["500", "500", "200"])
        #expect(Set(requests.compactMap { ($0["headers"] as? [String: String])?["Idempotency-Key"] }).count == 1, "the same alert each time")
        #expect(try Self.kinds(project)["alert_delivered"] == 1)
        #expect(try Self.kinds(project)["alert_failed"] == nil)
        #expect(try Self.pending(project).isEmpty)
        project.now = "2025-10-01T10:00:00Z"
        try project.dims("verify", environment: receiver.environment)
        try project.dims("alerts", "retry", environment: receiver.environment)
        #expect(receiver.requests().count == 3, "a delivered alert is never sent again")
        Self.expectNoSecret(in: project, outputs: [run])
    }

    @Test func hangingReceiverTimesOutAndTheAlertStaysPendingForTheNextRun() throws {
        let hanging = try Receiver("hang")
        let project = try TestProject(config: Self.config(attempts: 2, timeout: 1))
        try project.dims("update", environment: hanging.environment)
        project.setValue("count", 130)
        let started = Date()
        let run = try project.dims("verify", environment: hanging.environment)
        let elapsed = Date().timeIntervalSince(started)
        #expect(run.status == 1, "a failed delivery does not change the run's status")
        #expect(elapsed < 20, "two attempts of one second each, and backoff: the run ends in bounded time (took \(elapsed) s)")
        #expect(run.stderr.contains("dims: alert to 'team' not delivered (http://127.0.0.1:\(hanging.fixture.port)/… timed out after 1 s); it stays pending for the next run"),
                "\(run.stderr)")
        #expect(hanging.requests().count == 2)
        let pending = try Self.pending(project, environment: hanging.environment)
        #expect(pending.count == 1)
        #expect(pending.first?["attempts"] as? Int == 2)

        let answering = try Receiver("200")
        let retry = try project.dims("alerts", "retry", environment: answering.environment)
        #expect(retry.status == 0, "\(retry.stdout)\(retry.stderr)")
        #expect(retry.stdout.contains("Delivered 1 of 1 pending alerts"), "\(retry.stdout)")
        #expect(answering.bodies().first?["kind"] as? String == "firing")
        #expect(try Self.pending(project).isEmpty)
        Self.expectNoSecret(in: project, outputs: [run, retry])
    }

    @Test func replayAndImportSendNothing() throws {
        let failing = try Receiver("500")
        let source = try TestProject(config: Self.config(attempts: 1))
        try source.dims("update", environment: failing.environment)
        for (hour, value) in [(10, 130), (11, 100), (12, 160)] {
            source.setValue("count", value)
            source.now = "2025-10-01T\(hour):00:00Z"
            try source.dims("verify", environment: failing.environment)
        }
        #expect(failing.requests().count == 3)
        #expect(try Self.pending(source).count == 3, "every alert failed and waits")
        let export = source.root + "/drift.dimslog"
        try source.dims("log", "export", export)

        let receiver = try Receiver("200")
        let target = try TestProject(config: Self.config())
        target.actor = "other@ci"
        #expect(try target.dims("log", "import", export, environment: receiver.environment).status == 0)
        #expect(try target.dims("replay", environment: receiver.environment).status == 0)
        #expect(try target.dims("replay", "--check", environment: receiver.environment).status == 0)
        #expect(try target.dims("import", environment: receiver.environment).status == 0)
        #expect(try source.dims("replay", environment: receiver.environment).status == 0)
        #expect(receiver.requests().isEmpty, "replay and import never send")
        #expect(try Self.kinds(target)["alert_delivered"] == nil)
    }

    @Test func testCommandSendsToTheChannelAndUnknownChannelExits2() throws {
        let receiver = try Receiver()
        let project = try TestProject(config: Self.config())
        let sent = try project.dims("alerts", "test", "team", environment: receiver.environment)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout == "✅ Test alert delivered to 'team' (http://127.0.0.1:\(receiver.fixture.port)/…, status 200)\n")
        #expect(receiver.bodies().first?["kind"] as? String == "test")
        let unknown = try project.dims("alerts", "test", "tea", environment: receiver.environment)
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "dims: error: Unknown channel 'tea'. Did you mean 'team'?\n")
        let unset = try project.dims("alerts", "test", "team")
        #expect(unset.status == 2)
        #expect(unset.stdout.contains("The environment variable 'ALERT_WEBHOOK_URL' is not set"), "\(unset.stdout)")
        #expect(try Self.pending(project).isEmpty, "test alerts are not retried")
    }

    /// A baseline move held for approval alerts a channel whose minimum is `approval`, once, with the move.
    @Test func approvalRequestAlertsTheApprovalChannel() throws {
        let receiver = try Receiver()
        let config = ApprovalTests.config + """

            alerts:
              enabled: true
              channels:
                - name: reviewers
                  type: slack
                  url: "${ALERT_WEBHOOK_URL}"
                  min_level: approval
            """
        let project = try TestProject(config: config)
        #expect(try project.dims("verify", "--update", environment: receiver.environment).status == 0)
        project.setValue("count", 120)
        project.now = "2025-10-02T09:00:00Z"
        let run = try project.dims("verify", "--update", environment: receiver.environment)
        #expect(run.status == 5, "\(run.stdout)\(run.stderr)")
        let bodies = receiver.bodies()
        #expect(bodies.count == 1, "drift alone does not reach a channel whose minimum is approval")
        #expect(bodies.first?["text"] as? String == "dims approval requested: code_base.file_count\n"
                + "Baseline 100 → 120 (+20.0%, critical metric) waits for approval: dims approve list", "\(bodies)")
        project.now = "2025-10-02T10:00:00Z"
        #expect(try project.dims("verify", "--update", environment: receiver.environment).status == 5)
        #expect(receiver.bodies().count == 1, "the same pending request is not announced twice")
    }

    /// A command channel is the repository's code: it runs only once the project is trusted; its alert waits till then.
    @Test func commandChannelRunsOnlyWhenTrustedAndReadsTheAlertOnStdin() throws {
        let store = TemporaryDirectory("dims-trust")
        let untrusted = ["DIMS_TRUST": "", "DIMS_TRUST_STORE": store.path]
        let config = TestProject.defaultConfig + """

            alerts:
              enabled: true
              channels:
                - name: script
                  type: command
                  command: "cat > alert.json"
                  min_level: error
            """
        let project = try TestProject(config: config)
        let refused = try project.dims("verify", environment: untrusted)
        #expect(refused.status == 6, "the metrics' commands are refused too")
        #expect(refused.stderr.contains("dims: alert to 'script' not delivered (Not trusted: channel 'script' runs the command 'cat > alert.json'; "
                                        + "review it with 'dims trust --show' and allow it with 'dims trust' (or DIMS_TRUST=1))"), "\(refused.stderr)")
        #expect(project.read("alert.json") == nil)
        #expect(try Self.pending(project, environment: untrusted).count == 2, "one per failed metric")
        let retry = try project.dims("alerts", "retry")
        #expect(retry.status == 0, "\(retry.stdout)\(retry.stderr)")
        let body = try JSONSerialization.jsonObject(with: Data((project.read("alert.json") ?? "").utf8)) as? [String: Any]
        #expect(body?["level"] as? String == "error")
        #expect(body?["channel"] as? String == "script")
        #expect(try Self.pending(project).isEmpty)
    }

    /// A command that exits without reading its input neither fails the delivery nor stops dims.
    @Test func commandThatIgnoresItsInputIsDelivered() throws {
        let config = TestProject.defaultConfig + """

            alerts:
              enabled: true
              channels:
                - {name: quick, type: command, command: "exit 0"}
            """
        let project = try TestProject(config: config)
        for _ in 0..<5 {
            let sent = try project.dims("alerts", "test", "quick")
            #expect(sent.status == 0, "\(sent.stdout)\(sent.stderr)")
            #expect(sent.stdout == "✅ Test alert delivered to 'quick' ('exit 0', status 0)\n")
        }
    }
}
