import DIMSTeam
import DIMSTestSupport

/// A migrated team log in a fresh database of the test process's PostgreSQL server.
enum TeamStoreFixture {
    static func fresh() throws -> TeamStore {
        let server = try PostgresServer.shared.get()
        let settings = TeamSettings(host: "127.0.0.1", port: server.port, database: try server.freshDatabase(),
                                    user: server.user, password: server.password, sslMode: "disable")
        _ = try TeamStore.migrate(settings)
        return try TeamStore(settings: settings)
    }
}
