import PostgreSQL

/// The team log's tables and views on the server, in numbered migrations that `dims db migrate` applies in order.
///
/// Version 1:
/// - `dims_log`: one row, the log's random id and `last_seq`, the last global position handed out. Appending
///   locks this row, so appends commit in seq order and a reader that has seen seq N never later finds an event
///   below N (see `TeamStore.append`).
/// - `dims_events`: one row per event: `seq` (global order, gapless), `id` (unique), the encoded record, and
///   columns for people querying by SQL.
/// - Views `dims_current_metrics`, `dims_daily_values`, `dims_baseline_changes` (documented in ARCHITECTURE.md).
///
/// Version 2:
/// - `dims_claims`: one row per thing only one machine may do (send an alert, decide an approval request), keyed
///   by what it is; the first machine to insert the key holds it (`TeamStore.claim`).
public enum TeamSchema {
    /// The schema version this dims writes and reads.
    public static let current = 2

    /// `NOTIFY` channel announcing appends; the payload is the new `last_seq`.
    public static let channel = "dims_events"

    static let migrations: [Int: String] = [
        1: """
        CREATE TABLE dims_log (
            log_id uuid NOT NULL,
            last_seq bigint NOT NULL,
            singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton)
        );
        INSERT INTO dims_log (log_id, last_seq) VALUES (md5(random()::text || clock_timestamp()::text)::uuid, 0);
        CREATE TABLE dims_events (
            seq bigint PRIMARY KEY,
            id uuid NOT NULL UNIQUE,
            kind text NOT NULL,
            metric text,
            value_type text,
            value_number double precision,
            value_text text,
            previous_number double precision,
            previous_text text,
            reason text,
            recorded timestamptz NOT NULL,
            observed timestamptz NOT NULL,
            recorded_us bigint NOT NULL,
            observed_us bigint NOT NULL,
            actor text NOT NULL,
            record bytea NOT NULL
        );
        CREATE INDEX dims_events_by_metric ON dims_events (metric, observed_us, seq) WHERE metric IS NOT NULL;
        CREATE INDEX dims_events_by_kind ON dims_events (kind, observed_us, seq);
        CREATE VIEW dims_current_metrics AS
            SELECT metric, v.observed, v.value_type, v.value_number, v.value_text, v.actor,
                   b.value_number AS baseline_number, b.value_text AS baseline_text, b.observed AS baseline_set, b.actor AS baseline_actor
            FROM (SELECT DISTINCT ON (metric) * FROM dims_events WHERE kind = 'measured'
                  ORDER BY metric, observed_us DESC, seq DESC) v
            FULL JOIN (SELECT DISTINCT ON (metric) * FROM dims_events WHERE kind = 'baseline_set'
                  ORDER BY metric, observed_us DESC, seq DESC) b USING (metric);
        CREATE VIEW dims_daily_values AS
            SELECT DISTINCT ON (metric, (observed AT TIME ZONE 'UTC')::date)
                   metric, (observed AT TIME ZONE 'UTC')::date AS day, value_type, value_number, value_text, observed, actor
            FROM dims_events WHERE kind = 'measured'
            ORDER BY metric, (observed AT TIME ZONE 'UTC')::date, observed_us DESC, seq DESC;
        CREATE VIEW dims_baseline_changes AS
            SELECT seq, metric, observed, actor, reason, previous_number, previous_text, value_type, value_number, value_text
            FROM dims_events WHERE kind = 'baseline_set';
        """,
        2: """
        CREATE TABLE dims_claims (
            key text PRIMARY KEY,
            holder uuid NOT NULL,
            actor text NOT NULL,
            claimed timestamptz NOT NULL DEFAULT now()
        );
        """,
    ]

    /// The schema's version and the log's id in one round trip; version 0 and no id when dims never migrated the server.
    static func state(_ connection: Connection) throws(PostgreSQLError) -> (version: Int, logID: String?) {
        do {
            let row = try connection.execute("SELECT (SELECT coalesce(max(version), 0) FROM dims_schema), (SELECT log_id FROM dims_log)")
            return (Int(row.int64(0, 0) ?? 0), row.string(0, 1))
        } catch where error.sqlState == "42P01" {  // undefined_table: no dims schema yet (or an older one without the log)
            return (try version(connection), nil)
        }
    }

    /// The version the server's schema is at, 0 when dims never migrated it.
    static func version(_ connection: Connection) throws(PostgreSQLError) -> Int {
        let table = try connection.execute("SELECT to_regclass('dims_schema') IS NOT NULL")
        guard table.string(0, 0) == "t" else { return 0 }
        return Int(try connection.execute("SELECT coalesce(max(version), 0) FROM dims_schema").int64(0, 0) ?? 0)
    }

    /// Brings the server's schema to `current` in one transaction; returns the versions applied.
    ///
    /// An advisory lock makes concurrent migrations wait for each other instead of both applying.
    static func migrate(_ connection: Connection) throws -> [Int] {
        var applied: [Int] = []
        try connection.transaction {
            try connection.execute("SELECT pg_advisory_xact_lock(7175122)")
            try connection.execute("CREATE TABLE IF NOT EXISTS dims_schema (version integer PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())")
            let from = try version(connection)
            guard from <= current else {
                throw TeamError(code: .newerSchema, message: "The team log has schema \(from); this dims knows up to \(current)")
            }
            for version in (from + 1)...max(from + 1, current) where version <= current {
                try connection.execute(migrations[version]!)
                try connection.execute("INSERT INTO dims_schema (version) VALUES (\(version))")
                applied.append(version)
            }
        }
        return applied
    }
}
