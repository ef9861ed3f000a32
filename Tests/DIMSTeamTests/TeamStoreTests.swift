import DIMSCore
import DIMSStore
import DIMSTeam
import DIMSTestSupport
import NIOConcurrencyHelpers
import Foundation
import PostgreSQL
import Testing

/// The team log on a real PostgreSQL server: schema, errors, global order under concurrent writers, views.
@Suite(TeamServer.enabled)
struct TeamStoreTests {
    /// `migrate` creates the versioned schema once; a second run finds nothing to do.
    @Test func migrateCreatesTheSchemaOnce() throws {
        let settings = try TeamServer.freshSettings()
        let first = try TeamStore.migrate(settings)
        #expect(first.from == 0 && first.applied == Array(1...TeamSchema.current))
        let second = try TeamStore.migrate(settings)
        #expect(second.from == TeamSchema.current && second.applied.isEmpty)
        #expect(try TeamServer.server().psql("SELECT max(version) FROM dims_schema", database: settings.database) == "\(TeamSchema.current)")
    }

    /// A database dims never migrated is refused with the command that fixes it.
    @Test func unmigratedDatabaseSaysToMigrate() throws {
        let settings = try TeamServer.freshSettings()
        let error = #expect(throws: TeamError.self) { try TeamStore(settings: settings) }
        #expect(error?.code == .schema)
        #expect(error?.message.contains("dims db migrate") == true)
    }

    /// A wrong password is an authentication error naming the server, never the password.
    @Test func wrongPasswordNamesTheServerNotTheSecret() throws {
        let settings = try TeamServer.freshSettings(password: "not-the-password-42")
        let error = #expect(throws: TeamError.self) { try TeamStore(settings: settings) }
        #expect(error?.code == .authentication)
        #expect(error?.message.contains("127.0.0.1:\(settings.port)") == true)
        #expect(error?.message.contains("not-the-password-42") == false)
    }

    /// A port nothing listens on is `unreachable`, naming host and port.
    @Test func unreachableServerIsNamed() throws {
        let server = try TeamServer.server()
        let settings = TeamSettings(host: "127.0.0.1", port: 1, database: "x", user: server.user, password: server.password, connectTimeout: 2)
        let error = #expect(throws: TeamError.self) { try TeamStore(settings: settings) }
        #expect(error?.code == .unreachable)
        #expect(error?.message.contains("127.0.0.1:1/x") == true)
    }

    /// What a reader that pulls by position saw while writers appended: every position it read, and the positions
    /// the table holds at the end that it never read (events committed below a position it had already passed).
    struct PositionRead {
        var seen: [UInt64] = []
        var missed: [UInt64] = []
    }

    /// Runs `writers` threads, each calling `append(writer, round)` `rounds` times, while a reader thread repeatedly
    /// asks `read(after)` for the positions after the last one it saw, as a puller keeping one mark does.
    ///
    /// Threads, not tasks: the calls block, and blocking loops on the cooperative pool would starve each other.
    static func readByPosition(writers: Int, rounds: Int, append: @escaping @Sendable (Int, Int) throws -> Void,
                               read: @escaping @Sendable (UInt64) throws -> [UInt64], all: () throws -> [UInt64]) throws -> PositionRead {
        let done = NIOLockedValueBox(false)
        let failures = NIOLockedValueBox<[String]>([])
        let seen = NIOLockedValueBox<[UInt64]>([])
        let readerDone = DispatchGroup(), writersDone = DispatchGroup()
        readerDone.enter()
        Thread.detachNewThread {
            defer { readerDone.leave() }
            var after: UInt64 = 0
            var finished = false
            do {
                while true {
                    let page = try read(after)
                    seen.withLockedValue { $0 += page }
                    after = page.last ?? after
                    if page.isEmpty && finished { return }
                    finished = done.withLockedValue { $0 }
                }
            } catch {
                failures.withLockedValue { $0.append("reader: \(error)") }
            }
        }
        for writer in 0..<writers {
            writersDone.enter()
            Thread.detachNewThread {
                defer { writersDone.leave() }
                do {
                    for round in 0..<rounds { try append(writer, round) }
                } catch {
                    failures.withLockedValue { $0.append("writer \(writer): \(error)") }
                }
            }
        }
        writersDone.wait()
        done.withLockedValue { $0 = true }
        readerDone.wait()
        let failed = failures.withLockedValue { $0 }
        #expect(failed.isEmpty, "\(failed)")
        let seenAll = seen.withLockedValue { $0 }
        let seenSet = Set(seenAll)
        return PositionRead(seen: seenAll, missed: try all().filter { !seenSet.contains($0) })
    }

    static func connection(_ settings: TeamSettings) throws -> Connection {
        let server = try TeamServer.server()
        return try Connection([("host", "127.0.0.1"), ("port", String(settings.port)), ("dbname", settings.database),
                               ("user", server.user), ("password", server.password), ("sslmode", "disable")])
    }

    /// The failure the team log's schema prevents, shown on a plain sequence-ordered table: writers that take a
    /// `bigserial` and commit in another order make a position reader skip events. This is the same reader and
    /// check as `concurrentWritersNeverMakeAReaderSkip`, so that test can fail: it would against this table.
    @Test func positionReaderSkipsOnASequenceOrderedTable() throws {
        let settings = try TeamServer.freshSettings()
        let setup = try Self.connection(settings)
        try setup.execute("CREATE TABLE naive_events (seq bigserial PRIMARY KEY, id uuid NOT NULL UNIQUE)")
        let connections = try (0..<4).map { _ in try Self.connection(settings) }
        // Each connection is used by one thread only: the reader's by the reader, each writer's by its writer.
        nonisolated(unsafe) let readerConnection = try Self.connection(settings)
        nonisolated(unsafe) let writerConnections = connections
        let result = try Self.readByPosition(writers: 4, rounds: 25, append: { writer, round in
            let connection = writerConnections[writer]
            try connection.transaction {
                try connection.execute("INSERT INTO naive_events (id) VALUES (gen_random_uuid())")
                // Writer 0 holds its first position while the others commit theirs; then every writer dawdles a little.
                try connection.execute("SELECT pg_sleep(\(writer == 0 && round == 0 ? 0.5 : Double.random(in: 0...0.01)))")
            }
        }, read: { after in
            let rows = try readerConnection.execute("SELECT seq FROM naive_events WHERE seq > $1 ORDER BY seq LIMIT 1000", [String(after)])
            return (0..<rows.count).compactMap { rows.int64($0, 0).map(UInt64.init) }
        }, all: {
            let rows = try setup.execute("SELECT seq FROM naive_events ORDER BY seq")
            return (0..<rows.count).compactMap { rows.int64($0, 0).map(UInt64.init) }
        })
        #expect(result.seen.count + result.missed.count == 100)
        #expect(!result.missed.isEmpty, "a reader by position skipped nothing on a sequence-ordered table")
    }

    /// Four writers append concurrently while a reader pulls by position: the reader never skips an event.
    ///
    /// Each read asks for events after the last seq it saw; at the end it has seen every event exactly once, in
    /// order. `positionReaderSkipsOnASequenceOrderedTable` runs the same reader against a table without the head
    /// lock and finds skips.
    @Test func concurrentWritersNeverMakeAReaderSkip() throws {
        let settings = try TeamServer.freshSettings()
        _ = try TeamStore.migrate(settings)
        let stores = try (0..<4).map { _ in try TeamStore(settings: settings) }
        let reader = try TeamStore(settings: settings)
        let result = try Self.readByPosition(writers: 4, rounds: 40, append: { writer, batch in
            try stores[writer].append(EventFactory.random(count: 1 + (writer + batch) % 5, seed: UInt64(writer * 1_000 + batch + 1)))
        }, read: { after in
            try reader.events(after: after, limit: 1_000).map(\.seq)
        }, all: {
            Array(1...(try reader.lastSeq()))
        })
        #expect(result.missed.isEmpty, "missed \(result.missed.prefix(10))")
        #expect(result.seen == Array(1...(try reader.lastSeq())))
    }

    /// The SQL views give the current value and baseline, one value per day, and every baseline change.
    @Test func viewsHaveTheirDocumentedShape() throws {
        let store = try TeamServer.freshStore()
        let day = Day(year: 2025, month: 5, day: 6)
        try store.append([
            EventFactory.measured("code.files", .integer(10), at: day.start.adding(hours: 8)),
            EventFactory.measured("code.files", .integer(12), at: day.start.adding(hours: 20)),
            EventFactory.measured("code.files", .integer(15), at: day.start.adding(hours: 30)),
            LoggedEvent(recorded: day.start.adding(hours: 9), observed: day.start.adding(hours: 9), actor: "ann@box",
                        event: .baselineSet(BaselineChange(metric: "code.files", previous: nil, value: .integer(10), reason: .update))),
        ])
        let server = try TeamServer.server()
        let db = store.settings.database
        #expect(try server.psql("SELECT metric, value_number, baseline_number, baseline_actor FROM dims_current_metrics", database: db)
            == "code.files|15|10|ann@box")
        #expect(try server.psql("SELECT day, value_number FROM dims_daily_values ORDER BY day", database: db)
            == "2025-05-06|12\n2025-05-07|15")
        #expect(try server.psql("SELECT metric, reason, previous_number IS NULL, value_number, actor FROM dims_baseline_changes", database: db)
            == "code.files|update|t|10|ann@box")
    }
}

