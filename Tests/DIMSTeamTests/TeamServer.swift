import DIMSTeam
import DIMSTestSupport
import Testing

/// The test process's PostgreSQL server, and team logs in fresh databases of it.
enum TeamServer {
    static let enabled = ConditionTrait.enabled(if: PostgresServer.isAvailable, Comment(rawValue: PostgresServer.skipReason))

    static func server() throws -> PostgresServer { try PostgresServer.shared.get() }

    /// Settings for a fresh database, not migrated.
    static func freshSettings(password: String? = nil) throws -> TeamSettings {
        let server = try server()
        return TeamSettings(host: "127.0.0.1", port: server.port, database: try server.freshDatabase(),
                            user: server.user, password: password ?? server.password, sslMode: "disable")
    }

    /// A migrated team log in a fresh database.
    static func freshStore() throws -> TeamStore {
        let settings = try freshSettings()
        _ = try TeamStore.migrate(settings)
        return try TeamStore(settings: settings)
    }
}
