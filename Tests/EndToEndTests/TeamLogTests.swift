import DIMSCore
import DIMSStore
import DIMSTeam
import DIMSTestSupport
import NIOConcurrencyHelpers
import Foundation
import Testing

/// Several machines sharing one team log on PostgreSQL, each a project folder driven by the real `dims` binary.
@Suite(.enabled(if: PostgresServer.isAvailable, Comment(rawValue: PostgresServer.skipReason)))
struct TeamLogTests {
    /// A project whose config points at `database` on `server`, acting as `actor`.
    static func machine(_ server: PostgresServer, database: String, actor: String) throws -> TestProject {
        let project = try TestProject(config: TestProject.defaultConfig.replacingOccurrences(
            of: "database: {retention: {history_days: 365, snapshots_daily: 90}}\n", with: server.configSection(database: database) + "\n"))
        project.actor = actor
        return project
    }

    static func migrated(_ server: PostgresServer) throws -> String {
        let database = try server.freshDatabase()
        let project = try machine(server, database: database, actor: "admin@ci")
        let result = try project.dims("db", "migrate", environment: server.environment)
        #expect(result.status == 0, "\(result.stderr)")
        return database
    }

    /// The server's events, read with the team store.
    static func serverEvents(_ server: PostgresServer, _ database: String) throws -> [LoggedEvent] {
        let store = try TeamStore(settings: TeamSettings(host: "127.0.0.1", port: server.port, database: database,
                                                         user: server.user, password: server.password))
        var events: [LoggedEvent] = []
        try store.scan(from: 1) { events.append($0); return true }
        return events
    }

    static func localEvents(_ project: TestProject) throws -> [LoggedEvent] {
        try EventLog(directory: project.root + "/inventory/.dims", readOnly: true).entries()
    }

    /// `db migrate` creates the schema, `migrate` finds nothing left; one machine's update reaches another by `sync`.
    @Test func updateOnOneMachineReachesAnotherBySync() throws {
        let server = try PostgresServer.shared.get()
        let database = try server.freshDatabase()
        let ann = try Self.machine(server, database: database, actor: "ann@laptop")
        let bob = try Self.machine(server, database: database, actor: "bob@ci")
        let migrate = try ann.dims("db", "migrate", environment: server.environment)
        #expect(migrate.status == 0)
        #expect(migrate.stdout.contains("from schema 0 to \(TeamSchema.current)"))
        let again = try bob.dims("migrate", environment: server.environment)
        #expect(again.stdout.contains("nothing to migrate"))
        let update = try ann.dims("update", environment: server.environment)
        #expect(update.status == 0, "\(update.stderr)")
        #expect(!update.stderr.contains("offline"))
        let sync = try bob.dims("sync", environment: server.environment)
        #expect(sync.status == 0, "\(sync.stderr)")
        let annEvents = try Self.localEvents(ann)
        let bobEvents = try Self.localEvents(bob)
        #expect(Set(annEvents.map(\.id)).isSubset(of: Set(bobEvents.map(\.id))))
        #expect(bobEvents.contains { $0.actor == "ann@laptop" })
        let audit = try bob.dims("audit", "code_base.file_count", environment: server.environment)
        #expect(audit.stdout.contains("ann@laptop"), "\(audit.stdout)")
        #expect(try bob.dims("replay", "--check").status == 0)
        let status = try bob.dims("db", "status", environment: server.environment)
        #expect(status.stdout.contains("0 local events not pushed yet"), "\(status.stdout)")
    }

    /// A wrong password exits 3 naming the server and never printing the password.
    @Test func wrongPasswordExitsThreeNamingTheServer() throws {
        let server = try PostgresServer.shared.get()
        let database = try Self.migrated(server)
        let project = try Self.machine(server, database: database, actor: "eve@box")
        let result = try project.dims("sync", environment: ["DIMS_TEST_PG_PASSWORD": "wrong-secret-77"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("127.0.0.1:\(server.port)/\(database)"), "\(result.stderr)")
        #expect(!result.stderr.contains("wrong-secret-77") && !result.stdout.contains("wrong-secret-77"))
        let unset = try project.dims("sync")
        #expect(unset.status == 2)
        #expect(unset.stderr.contains("DIMS_TEST_PG_PASSWORD"))
    }

    /// A writer killed between its local commit and its push loses nothing: the next command pushes.
    @Test func killBetweenCommitAndPushLosesNothing() throws {
        let server = try PostgresServer.shared.get()
        let database = try Self.migrated(server)
        let project = try Self.machine(server, database: database, actor: "kim@box")
        let killed = try project.dims("update", environment: server.environment.merging(["DIMS_TEAM_CRASH_BEFORE_PUSH": "1"]) { $1 })
        #expect(killed.status == 137)
        let local = try Self.localEvents(project)
        #expect(!local.isEmpty)
        #expect(try Self.serverEvents(server, database).isEmpty)
        let next = try project.dims("history", "code_base.file_count", environment: server.environment)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(Set(try Self.serverEvents(server, database).map(\.id)) == Set(local.map(\.id)))
    }

    /// With the server stopped, a run succeeds locally and says so; its events reach the server once it is back.
    @Test func serverStoppedDuringARun() throws {
        let server = try PostgresServer()
        let database = try Self.migrated(server)
        let project = try Self.machine(server, database: database, actor: "sam@box")
        try server.stop()
        project.setValue("count", 140)
        let offline = try project.dims("verify", "--update", environment: server.environment)
        #expect(offline.status == 0, "\(offline.stderr)")
        #expect(offline.stderr.contains("offline"), "\(offline.stderr)")
        #expect(offline.stderr.contains("127.0.0.1:\(server.port)"))
        let history = try project.dims("history", "code_base.file_count", environment: server.environment)
        #expect(history.status == 0)
        #expect(history.stderr.contains("answering from the local log"))
        try server.start()
        let sync = try project.dims("sync", environment: server.environment)
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(Set(try Self.serverEvents(server, database).map(\.id)) == Set(try Self.localEvents(project).map(\.id)))
    }

    /// Four machines each run 50 updates while two follow: everyone ends with exactly the union, once each.
    @Test func fourWritersAndTwoFollowersConverge() throws {
        let server = try PostgresServer.shared.get()
        let database = try Self.migrated(server)
        let writers = try (0..<4).map { try Self.machine(server, database: database, actor: "writer\($0)@host\($0)") }
        let followers = try (0..<2).map { try Self.machine(server, database: database, actor: "follower\($0)@host") }
        let following = try followers.map { try Follower($0, environment: server.environment) }
        let failures = NIOLockedValueBox<[String]>([])
        DispatchQueue.concurrentPerform(iterations: writers.count) { index in
            let writer = writers[index]
            for run in 0..<50 {
                writer.setValue("count", 100 + index * 1_000 + run)
                do {
                    let result = try writer.dims("update", environment: server.environment)
                    if result.status != 0 || result.stderr.contains("offline") { failures.withLockedValue { $0.append("writer \(index) run \(run): \(result.stderr)") } }
                } catch {
                    failures.withLockedValue { $0.append("writer \(index) run \(run): \(error)") }
                }
            }
        }
        #expect(failures.withLockedValue { $0 }.isEmpty, "\(failures.withLockedValue { $0 }.prefix(3))")
        let union = Set(try writers.flatMap { try Self.localEvents($0) }.map(\.id))
        let onServer = try Self.serverEvents(server, database)
        #expect(onServer.count == Set(onServer.map(\.id)).count)
        #expect(union.isSubset(of: Set(onServer.map(\.id))))
        let expected = Set(onServer.map(\.id))
        for (follower, process) in zip(followers, following) {
            // Wait (bounded) until the follower has every event, then stop it.
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, (try? Self.localEvents(follower).count) ?? 0 < expected.count { usleep(200_000) }
            process.stop()
            let events = try Self.localEvents(follower)
            #expect(events.count == expected.count, "follower has \(events.count) of \(expected.count)")
            #expect(Set(events.map(\.id)) == expected)
            #expect(try follower.dims("replay", "--check").status == 0)
        }
        for writer in writers { #expect(try writer.dims("replay", "--check").status == 0) }
    }
}

extension TeamLogTests {
    /// Four writers and two followers while the server is stopped in the middle of the run and started again:
    /// every update succeeds locally, and once the server is back everyone ends with exactly the union, once each.
    @Test func serverStoppedDuringConcurrentWritersLosesNothing() throws {
        let server = try PostgresServer()
        let database = try Self.migrated(server)
        let writers = try (0..<4).map { try Self.machine(server, database: database, actor: "w\($0)@host\($0)") }
        let followers = try (0..<2).map { try Self.machine(server, database: database, actor: "f\($0)@host") }
        let following = try followers.map { try Follower($0, environment: server.environment) }
        let failures = NIOLockedValueBox<[String]>([])
        let completed = NIOLockedValueBox(0)
        let offline = NIOLockedValueBox(0)
        let outage = Thread {
            while completed.withLockedValue({ $0 }) < 12 { usleep(50_000) }
            do {
                try server.stop()
                while completed.withLockedValue({ $0 }) < 30 { usleep(50_000) }
                try server.start()
            } catch {
                failures.withLockedValue { $0.append("server: \(error)") }
            }
        }
        outage.start()
        DispatchQueue.concurrentPerform(iterations: writers.count) { index in
            for run in 0..<12 {
                writers[index].setValue("count", 100 + index * 1_000 + run)
                do {
                    let result = try writers[index].dims("update", environment: server.environment)
                    if result.status != 0 { failures.withLockedValue { $0.append("writer \(index) run \(run): \(result.stderr)") } }
                    if result.stderr.contains("offline") { offline.withLockedValue { $0 += 1 } }
                } catch {
                    failures.withLockedValue { $0.append("writer \(index) run \(run): \(error)") }
                }
                completed.withLockedValue { $0 += 1 }
            }
        }
        while !outage.isFinished { usleep(50_000) }
        #expect(failures.withLockedValue { $0 }.isEmpty, "\(failures.withLockedValue { $0 }.prefix(3))")
        #expect(offline.withLockedValue { $0 } > 0, "no run saw the server stopped")
        // The next command of each writer pushes what waited.
        for writer in writers { #expect(try writer.dims("sync", environment: server.environment).status == 0) }
        let union = Set(try writers.flatMap { try Self.localEvents($0) }.map(\.id))
        let onServer = try Self.serverEvents(server, database)
        #expect(onServer.count == Set(onServer.map(\.id)).count, "no event twice on the server")
        #expect(union.isSubset(of: Set(onServer.map(\.id))))
        #expect(onServer.map(\.seq) == Array(1...UInt64(onServer.count)), "no gap in the server's order")
        for (follower, process) in zip(followers, following) {
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, (try? Self.localEvents(follower).count) ?? 0 < onServer.count { usleep(200_000) }
            process.stop()
            let events = try Self.localEvents(follower)
            #expect(events.count == onServer.count, "follower has \(events.count) of \(onServer.count)")
            #expect(Set(events.map(\.id)) == Set(onServer.map(\.id)))
            #expect(try follower.dims("replay", "--check").status == 0)
        }
        for writer in writers { #expect(try writer.dims("replay", "--check").status == 0) }
    }
}

/// `dims sync --follow` running in the background until stopped.
final class Follower: @unchecked Sendable {
    let process = Process()
    let output: String

    init(_ project: TestProject, environment: [String: String]) throws {
        output = project.root + "/follow.log"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        process.executableURL = URL(fileURLWithPath: ProcessRunner.binary("dims"))
        process.arguments = ["sync", "--follow"]
        process.currentDirectoryURL = URL(fileURLWithPath: project.root)
        var env = ProcessInfo.processInfo.environment.merging(ProcessRunner.dimsTrust) { $1 }
        env["DIMS_ACTOR"] = project.actor
        env["DIMS_NOW"] = project.now
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: output)
        process.standardError = FileHandle(forWritingAtPath: output)
        try process.run()
    }

    /// Asks it to stop (SIGTERM) and waits for it.
    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    deinit { if process.isRunning { process.terminate() } }
}

