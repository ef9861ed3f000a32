import DIMSCore
import DIMSStore
import DIMSTeam
import DIMSTestSupport
import Foundation
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

    /// Four writers append concurrently while a reader pulls by position: the reader never skips an event.
    ///
    /// Each read asks for events after the last seq it saw and must get a contiguous run from there; at the end it
    /// has seen every event exactly once. A sequence-numbered table without the head lock fails this: a writer that
    /// took seq N and commits after the writer of N+1 is skipped by a reader that already moved past N+1.
    @Test func concurrentWritersNeverMakeAReaderSkip() async throws {
        let settings = try TeamServer.freshSettings()
        _ = try TeamStore.migrate(settings)
        let writers = 4, batches = 40
        let done = Atomic(false)
        let reader = Task.detached { () throws -> (seen: [LoggedEvent], skips: [String]) in
            let store = try TeamStore(settings: settings)
            var seen: [LoggedEvent] = []
            var skips: [String] = []
            var after: UInt64 = 0
            var finished = false
            while true {
                let page = try store.events(after: after, limit: 1_000)
                if page.map(\.seq) != Array((after + 1)..<(after + 1 + UInt64(page.count))) {
                    skips.append("after \(after) read \(page.map(\.seq).prefix(5))")
                }
                seen += page
                after = page.last?.seq ?? after
                if page.isEmpty && finished { return (seen, skips) }
                finished = done.value
            }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    let store = try TeamStore(settings: settings)
                    for batch in 0..<batches {
                        try store.append(EventFactory.random(count: 1 + (writer + batch) % 5, seed: UInt64(writer * 1_000 + batch + 1)))
                    }
                }
            }
            try await group.waitForAll()
        }
        done.value = true
        let (seen, skips) = try await reader.value
        #expect(skips.isEmpty)
        let store = try TeamStore(settings: settings)
        let total = try store.lastSeq()
        #expect(seen.count == Int(total))
        #expect(Set(seen.map(\.id)).count == seen.count)
        #expect(seen.map(\.seq) == Array(1...total))
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

/// A value shared between tasks. `@unchecked Sendable`: reads and writes go through the lock.
final class Atomic<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); defer { lock.unlock() }; stored = newValue }
    }
}
