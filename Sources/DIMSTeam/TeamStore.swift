public import DIMSCore
import DIMSStore
import Foundation
import NIOConcurrencyHelpers
import PostgreSQL

/// The team log on PostgreSQL: the third `EventStore`, shared by every machine of a team.
///
/// Each machine's LMDB log stays its local replica; `TeamSync` pushes local events here and pulls the others'.
/// Queries fold the server's events with the reference `Projections`, so they answer exactly as the other stores.
/// `@unchecked Sendable`: the one connection is used only under `lock`.
public final class TeamStore: EventStore, @unchecked Sendable {
    public let settings: TeamSettings
    let connection: Connection
    let lock = NIOLock()
    /// The server log's random id, so that marks kept by a local log are never applied to another server's log.
    public let logID: String

    /// Connects and checks the schema; a server dims never migrated throws `.schema`.
    public init(settings: TeamSettings) throws(TeamError) {
        self.settings = settings
        let connection = try Self.connect(settings)
        self.connection = connection
        let (version, logID) = try Self.run(settings) { try TeamSchema.state(connection) }
        guard version >= TeamSchema.current else {
            throw TeamError(code: .schema, message: version == 0
                ? "The team log at '\(settings)' has no dims schema; run 'dims db migrate'"
                : "The team log at '\(settings)' has schema \(version); run 'dims db migrate' to bring it to \(TeamSchema.current)")
        }
        guard version == TeamSchema.current else {
            throw TeamError(code: .newerSchema, message: "The team log at '\(settings)' has schema \(version); this dims knows up to \(TeamSchema.current)")
        }
        self.logID = logID ?? ""
    }

    /// Creates or upgrades the schema; returns the version found and the versions applied.
    public static func migrate(_ settings: TeamSettings) throws(TeamError) -> (from: Int, applied: [Int]) {
        let connection = try connect(settings)
        return try run(settings) {
            let from = try TeamSchema.version(connection)
            return (from, try TeamSchema.migrate(connection))
        }
    }

    /// Opens a connection; an unreachable server or a refused login throws naming the host, never the password.
    static func connect(_ settings: TeamSettings) throws(TeamError) -> Connection {
        do {
            return try Connection(settings.parameters)
        } catch {
            switch error.code {
            case .library: throw TeamError(code: .unreachable, message: "Cannot use the team log at '\(settings)': \(error.message)")
            case _ where error.isAuthentication:
                throw TeamError(code: .authentication, message: "The team log at '\(settings)' refused the login: \(error.message)")
            default: throw TeamError(code: .unreachable, message: "Cannot reach the team log at '\(settings)': \(error.message)")
            }
        }
    }

    /// Runs `body`, turning a server error into a `TeamError` naming the server.
    static func run<T>(_ settings: TeamSettings, _ body: () throws -> T) throws(TeamError) -> T {
        do {
            return try body()
        } catch let error as TeamError {
            throw error
        } catch let error as PostgreSQLError {
            let code: TeamError.Code = error.code == .broken ? .unreachable : .server
            throw TeamError(code: code, message: "The team log at '\(settings)' failed: \(error.message)")
        } catch {
            throw TeamError(code: .server, message: "The team log at '\(settings)' failed: \(error)")
        }
    }

    func locked<T>(_ body: () throws -> T) throws(TeamError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try Self.run(settings, body)
    }

    // MARK: - Append

    /// Appends `events` all or nothing, assigning the next global seqs; events whose id is stored are skipped.
    ///
    /// The transaction locks the `dims_log` row before choosing seqs and holds it until commit, so appends are
    /// serialized and commit in seq order: once a reader sees seq N, every seq below N is already visible.
    /// That is what lets a puller keep one number ("pulled up to N") and never skip an event.
    ///
    /// One script, two round trips (the rows follow the server's go-ahead for `COPY`): each statement takes its own
    /// snapshot after the one before, so the `INSERT` sees every event committed by the appender that held the lock
    /// before, and numbers from the `last_seq` it left. `last_seq` moves, and the channel is notified, only when
    /// something was added.
    @discardableResult
    public func append(_ events: [LoggedEvent]) throws -> [LoggedEvent] {
        guard !events.isEmpty else { return [] }
        return try locked {
            var rows = CopyRows(events)
            let results = try connection.script("""
                BEGIN;
                SELECT last_seq FROM dims_log FOR UPDATE;
                CREATE TEMP TABLE dims_incoming (ord integer, id uuid, kind text, metric text, value_type text,
                    value_number double precision, value_text text, previous_number double precision, previous_text text,
                    reason text, recorded_us bigint, observed_us bigint, actor text, record bytea) ON COMMIT DROP;
                COPY dims_incoming FROM STDIN;
                INSERT INTO dims_events (seq, id, kind, metric, value_type, value_number, value_text, previous_number,
                    previous_text, reason, recorded, observed, recorded_us, observed_us, actor, record)
                SELECT (SELECT last_seq FROM dims_log) + row_number() OVER (ORDER BY ord), id, kind, metric, value_type,
                    value_number, value_text, previous_number, previous_text, reason,
                    timestamptz 'epoch' + recorded_us * interval '1 microsecond',
                    timestamptz 'epoch' + observed_us * interval '1 microsecond', recorded_us, observed_us, actor, record
                FROM (SELECT DISTINCT ON (id) * FROM dims_incoming ORDER BY id, ord) i
                WHERE NOT EXISTS (SELECT 1 FROM dims_events e WHERE e.id = i.id)
                RETURNING seq, id::text;
                UPDATE dims_log SET last_seq = m.last FROM (SELECT max(seq) AS last FROM dims_events) m
                WHERE m.last > dims_log.last_seq
                RETURNING pg_notify('\(TeamSchema.channel)', m.last::text);
                COMMIT
                """, copy: { rows.next() })
            // BEGIN, SELECT, CREATE, COPY, INSERT, UPDATE, COMMIT.
            guard results.count == 7 else { throw TeamError(code: .server, message: "The team log at '\(settings)' answered \(results.count) results to an append of 7 statements") }
            let inserted = results[4]
            var seqs: [String: UInt64] = [:]
            for row in 0..<inserted.count {
                seqs[inserted.string(row, 1)!] = UInt64(inserted.int64(row, 0)!)
            }
            var appended: [LoggedEvent] = []
            appended.reserveCapacity(seqs.count)
            for var event in events {
                guard let seq = seqs.removeValue(forKey: event.id.description) else { continue }
                event.seq = seq
                appended.append(event)
            }
            return appended.sorted { $0.seq < $1.seq }
        }
    }

    // MARK: - Reading events

    public func lastSeq() throws -> UInt64 {
        try locked { UInt64(try connection.execute("SELECT last_seq FROM dims_log").int64(0, 0) ?? 0) }
    }

    /// Up to `limit` events after `seq`, in seq order.
    public func events(after seq: UInt64, limit: Int = 10_000) throws -> [LoggedEvent] {
        try select("seq > $1 ORDER BY seq LIMIT \(limit)", [String(seq)])
    }

    public func scan(from seq: UInt64, _ body: (LoggedEvent) throws -> Bool) throws {
        var after = seq > 0 ? seq - 1 : 0
        while true {
            let page = try events(after: after, limit: 5_000)
            for event in page {
                guard try body(event) else { return }
            }
            guard let last = page.last else { return }
            after = last.seq
        }
    }

    /// Events matching the SQL `condition` (with its `ORDER BY`), decoded from their records.
    func select(_ condition: String, _ parameters: [String?]) throws -> [LoggedEvent] {
        try locked {
            let result = try connection.execute("SELECT seq, record FROM dims_events WHERE \(condition)", parameters, binary: true)
            var events: [LoggedEvent] = []
            events.reserveCapacity(result.count)
            for row in 0..<result.count {
                let seq = UInt64(result.binaryInt64(row, 0) ?? 0)
                if let event = try result.withBytes(row, 1, { try EventCodec.decode($0, seq: seq) }) { events.append(event) }
            }
            return events
        }
    }
}
