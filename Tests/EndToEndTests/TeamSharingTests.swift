import DIMSCore
import DIMSStore
import DIMSTestSupport
import Foundation
import Testing

/// What machines share through the team log beyond events: trust of its server, pushes from every command,
/// approval requests decided anywhere, alerts sent once.
@Suite(.enabled(if: PostgresServer.isAvailable, Comment(rawValue: PostgresServer.skipReason)))
struct TeamSharingTests {
    /// A project on `database` of `server` as `actor`, with `extra` config appended.
    static func machine(_ server: PostgresServer, database: String, actor: String, extra: String = "") throws -> TestProject {
        let config = TestProject.defaultConfig.replacingOccurrences(
            of: "database: {retention: {history_days: 365, snapshots_daily: 90}}\n", with: server.configSection(database: database) + "\n")
        let project = try TestProject(config: config + "\n" + extra)
        project.actor = actor
        return project
    }

    static func migrated(_ server: PostgresServer) throws -> String {
        let database = try server.freshDatabase()
        let result = try machine(server, database: database, actor: "admin@ci").dims("db", "migrate", environment: server.environment)
        #expect(result.status == 0, "\(result.stderr)")
        return database
    }

    static func serverIDs(_ server: PostgresServer, _ database: String) throws -> Set<String> {
        Set(try server.psql("SELECT id FROM dims_events", database: database).split(separator: "\n").map(String.init))
    }

    static func localIDs(_ project: TestProject) throws -> Set<String> {
        Set(try TeamLogTests.localEvents(project).map(\.id.description))
    }

    /// The kinds of the server's events, in server order.
    static func serverKinds(_ server: PostgresServer, _ database: String) throws -> [String] {
        try server.psql("SELECT kind FROM dims_events ORDER BY seq", database: database).split(separator: "\n").map(String.init)
    }

    // MARK: - Trust

    /// A server written in a cloned repository's config gets no login until the user trusts the project; one from
    /// the user's environment (`${VAR}`) needs no trust.
    @Test func serverNamedByTheRepositoryNeedsTrust() throws {
        let server = try PostgresServer.shared.get()
        let database = try Self.migrated(server)
        let project = try Self.machine(server, database: database, actor: "new@clone")
        let store = TemporaryDirectory("dims-trust")
        let untrusted = server.environment.merging(["DIMS_TRUST": "", "DIMS_TRUST_STORE": store.path]) { $1 }
        let sync = try project.dims("sync", environment: untrusted)
        #expect(sync.status == 6, "\(sync.stderr)")
        #expect(sync.stderr.contains("Not trusted: the config sends your database login to the team log at '127.0.0.1:\(server.port)/\(database)'"), "\(sync.stderr)")
        #expect(try project.dims("db", "status", environment: untrusted).status == 6)
        #expect(try project.dims("db", "migrate", environment: untrusted).status == 6)
        // A history or diff answers from the local log and says why.
        let history = try project.dims("history", "code_base.file_count", environment: untrusted)
        #expect(history.stderr.contains("Not trusted") && history.stderr.contains("answering from the local log"), "\(history.stderr)")
        #expect(try Self.serverIDs(server, database).isEmpty)
        let show = try project.dims("trust", "--show", environment: untrusted)
        #expect(show.stdout.contains("sends your database login to the team log at '127.0.0.1:\(server.port)/\(database)'"), "\(show.stdout)")
        // Trusted: the same commands reach the server.
        #expect(try project.dims("trust", environment: untrusted).status == 0)
        let trusted = try project.dims("sync", environment: untrusted)
        #expect(trusted.status == 0, "\(trusted.stderr)")

        // The host from the environment: the user chose it, so no trust is asked (the config has no other item
        // that sync would use, though its command metrics still need trust to run).
        let fromEnvironment = try TestProject(config: TestProject.defaultConfig.replacingOccurrences(
            of: "database: {retention: {history_days: 365, snapshots_daily: 90}}\n",
            with: server.configSection(database: database).replacingOccurrences(of: "host: 127.0.0.1", with: "host: \"${DIMS_TEST_PG_HOST}\"") + "\n"))
        let env = untrusted.merging(["DIMS_TEST_PG_HOST": "127.0.0.1", "DIMS_TRUST_STORE": store.path + "/other"]) { $1 }
        let own = try fromEnvironment.dims("sync", environment: env)
        #expect(own.status == 0, "\(own.stderr)")
    }

    /// `update` in an untrusted clone runs locally, pushes nothing and exits 6; once trusted, the next command pushes.
    @Test func untrustedUpdateStaysLocalAndExitsSix() throws {
        let server = try PostgresServer.shared.get()
        let database = try Self.migrated(server)
        let project = try Self.machine(server, database: database, actor: "new@clone")
        let store = TemporaryDirectory("dims-trust")
        // The metrics are files metrics here, so only the team log's server needs trust.
        project.write(TestProject.defaultConfig.replacingOccurrences(
            of: "database: {retention: {history_days: 365, snapshots_daily: 90}}\n", with: server.configSection(database: database) + "\n")
            .replacingOccurrences(of: "command: \"cat values/count.txt\"\n      parse_type: integer", with: "source: files\n      paths: [values]")
            .replacingOccurrences(of: "command: \"cat values/lines.txt\"\n      parse_type: integer", with: "source: lines\n      paths: [values]"),
            to: "inventory/config.yaml")
        let untrusted = server.environment.merging(["DIMS_TRUST": "", "DIMS_TRUST_STORE": store.path]) { $1 }
        let update = try project.dims("update", environment: untrusted)
        #expect(update.status == 6, "\(update.stdout)\(update.stderr)")
        #expect(update.stderr.contains("Not trusted: the config sends your database login"), "\(update.stderr)")
        #expect(!(try Self.localIDs(project)).isEmpty)
        #expect(try Self.serverIDs(server, database).isEmpty)
        #expect(try project.dims("trust", environment: untrusted).status == 0)
        let next = try project.dims("history", "code_base.file_count", environment: untrusted)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try Self.serverIDs(server, database) == Self.localIDs(project))
    }

    // MARK: - Every appending command pushes

    /// snapshot, import, events trigger, approve, cache clear: each command's events are on the server when it ends.
    @Test func everyAppendingCommandPushes() throws {
        let server = try PostgresServer.shared.get()
        let database = try Self.migrated(server)
        let extra = """
            approval: {enabled: true, critical_metrics: ["code_base.*"], require_approval_threshold: 10}
            events:
              enabled: true
              cooldown_seconds: 0
              hooks:
                - {name: code-change, trigger: post-commit, metrics: ["prediction_system.*"]}

            """
        let project = try Self.machine(server, database: database, actor: "pat@box", extra: extra)
        let env = server.environment
        func expectPushed(_ arguments: String..., kind: String, status: Int32 = 0, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let result = try ProcessRunner.run(ProcessRunner.binary("dims"), arguments, in: project.root,
                                               environment: env.merging(["DIMS_NOW": project.now, "DIMS_ACTOR": project.actor]) { $1 })
            #expect(result.status == status, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
            #expect(!result.stderr.contains("offline"), "\(result.stderr)", sourceLocation: sourceLocation)
            #expect(try Self.serverIDs(server, database) == Self.localIDs(project), "\(arguments) left events unpushed", sourceLocation: sourceLocation)
            #expect(try Self.serverKinds(server, database).contains(kind), "\(arguments) pushed no \(kind)", sourceLocation: sourceLocation)
        }
        try expectPushed("update", kind: "baseline_set")
        try expectPushed("snapshot", kind: "snapshot_taken")
        project.write(try #require(project.read("inventory/historical/2025-10-01.yaml")), to: "inventory/historical/2025-09-01.yaml")
        try expectPushed("import", kind: "imported")
        try expectPushed("events", "trigger", "--event-type", "post-commit", kind: "triggered")
        project.setValue("count", 150)
        try expectPushed("update", kind: "approval_requested", status: 5)
        let list = try project.dims("approve", "list", "--json", environment: env)
        let number = try #require(Self.firstRequest(list.stdout))
        try expectPushed("approve", "accept", "--id", String(number), "--reviewer", "pat", "--notes", "ok", kind: "approval_granted")
        try expectPushed("cache", "clear", kind: "cache_cleared")
    }

    static func firstRequest(_ json: String) -> Int? {
        let object = try? JSONSerialization.jsonObject(with: Data(json.utf8))
        let list = (object as? [[String: Any]]) ?? ((object as? [String: Any])?["requests"] as? [[String: Any]]) ?? []
        return list.first?["id"] as? Int
    }

    /// Events archived while the server was away are pushed from the archives; events not pushed when `archive`
    /// runs with the server up are pushed before they move.
    @Test func archivedEventsReachTheServer() throws {
        let server = try PostgresServer()
        let database = try Self.migrated(server)
        let project = try Self.machine(server, database: database, actor: "arc@box")
        let env = server.environment
        // Not pushed (killed before the push), then archived with the server up: pushed before moving.
        #expect(try project.dims("update", environment: env.merging(["DIMS_TEAM_CRASH_BEFORE_PUSH": "1"]) { $1 }).status == 137)
        let first = try Self.localIDs(project)
        let archive = try project.dims("archive", "--before", "2026-01-01", environment: env)
        #expect(archive.status == 0, "\(archive.stderr)")
        #expect(archive.stdout.contains("Moved"), "\(archive.stdout)")
        #expect(try Self.serverIDs(server, database) == first)

        // Server away: a new update stays local, is archived, and reaches the server from the archive.
        let later = try Self.machine(server, database: database, actor: "arc2@box")
        try server.stop()
        let offline = try later.dims("update", environment: env)
        #expect(offline.status == 0 && offline.stderr.contains("offline"), "\(offline.stderr)")
        let local = try Self.localIDs(later)
        #expect(try later.dims("archive", "--before", "2026-01-01", environment: env).status == 0)
        #expect(try TeamLogTests.localEvents(later).isEmpty, "the live log is empty after archiving")
        try server.start()
        let sync = try later.dims("sync", environment: env)
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(local.isSubset(of: try Self.serverIDs(server, database)))
        #expect(try later.dims("replay", "--check").status == 0)
    }

    // MARK: - One connection per command

    /// `verify` with the team log logs in once: the pull before, the push after and the alerts share it.
    @Test func verifyLogsInOnce() throws {
        let server = try PostgresServer.shared.get()
        let database = try Self.migrated(server)
        let project = try Self.machine(server, database: database, actor: "one@box")
        #expect(try project.dims("update", environment: server.environment).status == 0)
        project.setValue("count", 101)
        func sessions() throws -> Int {
            // Sessions are counted when they end; psql's own counts too.
            Int(try server.psql("SELECT pg_stat_force_next_flush(); SELECT sessions FROM pg_stat_database WHERE datname = '\(database)'",
                                database: "postgres").split(separator: "\n").last ?? "") ?? -1
        }
        let before = try sessions()
        let verify = try project.dims("verify", environment: server.environment)
        #expect(verify.status == 0 || verify.status == 1, "\(verify.stderr)")
        var after = try sessions()
        for _ in 0..<20 where after - before < 1 {
            usleep(200_000)
            after = try sessions()
        }
        usleep(500_000)
        after = try sessions()
        #expect(after - before == 1, "verify opened \(after - before) sessions")
    }

    // MARK: - Approvals across machines

    /// A request made on one machine is accepted on another; the first machine then sees it accepted and cannot
    /// decide it again; a decision another machine claimed first is refused.
    @Test func requestMadeOnOneMachineIsAcceptedOnAnother() throws {
        let server = try PostgresServer.shared.get()
        let database = try Self.migrated(server)
        let approval = "approval: {enabled: true, critical_metrics: [\"code_base.*\"], require_approval_threshold: 10}\n"
        let ann = try Self.machine(server, database: database, actor: "ann@laptop", extra: approval)
        let bob = try Self.machine(server, database: database, actor: "bob@ci", extra: approval)
        let env = server.environment
        #expect(try ann.dims("update", environment: env).status == 0)
        ann.setValue("count", 150)
        let update = try ann.dims("update", environment: env)
        #expect(update.status == 5, "\(update.stdout)\(update.stderr)")
        let number = try #require(Self.firstRequest(try ann.dims("approve", "list", "--json", environment: env).stdout))
        #expect(number >= 1_000_000, "team requests take numbers derived from their ids")
        #expect(update.stdout.contains("#\(number)"))
        // Bob knows the request by the same number after a sync.
        #expect(try bob.dims("sync", environment: env).status == 0)
        #expect(Self.firstRequest(try bob.dims("approve", "list", "--json", environment: env).stdout) == number)
        let accept = try bob.dims("approve", "accept", "--id", String(number), "--reviewer", "bob", "--notes", "expected", environment: env)
        #expect(accept.status == 0, "\(accept.stderr)")
        // Ann pulls the decision before deciding: refused, naming Bob's acceptance.
        let again = try ann.dims("approve", "reject", "--id", String(number), "--reviewer", "ann", "--notes", "no", environment: env)
        #expect(again.status == 2, "\(again.stdout)\(again.stderr)")
        #expect(again.stderr.contains("bob"), "\(again.stderr)")
        let review = try ann.dims("approve", "review", "--id", String(number), "--json", environment: env)
        #expect(review.stdout.contains("\"status\" : \"accepted\"") || review.stdout.contains("accepted"), "\(review.stdout)")
        #expect(try ann.dims("sync", environment: env).status == 0)
        #expect(ann.read("inventory/metrics.yaml")?.contains("value: 150") == true, "\(ann.read("inventory/metrics.yaml") ?? "")")

        // A second request, whose decision a third machine claimed but has not pushed yet: refused, naming it.
        ann.setValue("count", 300)
        #expect(try ann.dims("update", environment: env).status == 5)
        let second = try #require(Self.firstRequest(try ann.dims("approve", "list", "--json", environment: env).stdout))
        try server.psql("INSERT INTO dims_claims (key, holder, actor) VALUES ('approval:\(second)', gen_random_uuid(), 'carol@desk')", database: database)
        #expect(try bob.dims("sync", environment: env).status == 0)
        let raced = try bob.dims("approve", "accept", "--id", String(second), "--reviewer", "bob", "--notes", "late", environment: env)
        #expect(raced.status == 2, "\(raced.stderr)")
        #expect(raced.stderr.contains("carol@desk"), "\(raced.stderr)")
        #expect(try ann.dims("replay", "--check").status == 0)
        #expect(try bob.dims("replay", "--check").status == 0)
    }

    // MARK: - Alerts sent once

    /// Two machines that queue the same alert while apart: one sends it, the other records it as withheld.
    @Test func alertIsSentByOneMachineOnly() throws {
        let server = try PostgresServer.shared.get()
        let database = try Self.migrated(server)
        let receiver = try Receiver()
        let alerts = """
            alerts:
              enabled: true
              channels:
                - {name: team, type: webhook, url: "${ALERT_WEBHOOK_URL}", min_level: major, attempts: 1, timeout_seconds: 5}

            """
        let ann = try Self.machine(server, database: database, actor: "ann@laptop", extra: alerts)
        let bob = try Self.machine(server, database: database, actor: "bob@ci", extra: alerts)
        let env = server.environment.merging(receiver.environment) { $1 }
        #expect(try ann.dims("update", environment: env).status == 0)
        #expect(try bob.dims("sync", environment: env).status == 0)
        ann.setValue("count", 200)
        bob.setValue("count", 200)
        // Ann queues the alert and is killed before pushing or sending it.
        #expect(try ann.dims("verify", environment: env.merging(["DIMS_TEAM_CRASH_BEFORE_PUSH": "1"]) { $1 }).status == 137)
        // Bob, not knowing, queues the same alert, claims it and sends it.
        let bobRun = try bob.dims("verify", environment: env)
        #expect(bobRun.status == 1, "\(bobRun.stderr)")
        #expect(receiver.bodies().count == 1)
        // Ann's next command finds Bob's claim: it withholds its copy.
        let retry = try ann.dims("alerts", "retry", environment: env)
        #expect(retry.status == 0, "\(retry.stdout)\(retry.stderr)")
        #expect(receiver.bodies().count == 1, "the alert went out once")
        let kinds = try AlertTests.kinds(ann)
        #expect(kinds["alert_withheld"] == 1, "\(kinds)")
        #expect(try AlertTests.pending(ann, environment: env).isEmpty)
        #expect(try AlertTests.pending(bob, environment: env).isEmpty)
        #expect(try Self.serverKinds(server, database).filter { $0 == "alert_queued" }.count == 1)
    }
}
