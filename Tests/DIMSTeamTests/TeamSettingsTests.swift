import DIMSCore
import DIMSTeam
import Testing

/// The `database:` section: `${VAR}` references, secrets only from the environment, TLS settings.
struct TeamSettingsTests {
    func config(_ connection: [(key: String, value: ConfigValue)], enabled: Bool = true) -> InventoryConfig {
        var config = InventoryConfig()
        config.sections["database"] = .map([("enabled", .boolean(enabled)), ("connection", .map(connection))])
        return config
    }

    let connection: [(key: String, value: ConfigValue)] = [
        ("host", .string("${DB_HOST}")), ("port", .integer(5433)), ("database", .string("team")),
        ("user", .string("${DB_USER}")), ("password", .string("${DB_PASSWORD}")), ("sslmode", .string("verify-full")),
    ]

    /// Every `${VAR}` comes from the environment, and the password never shows in the settings' description.
    @Test func referencesComeFromTheEnvironment() throws {
        let env = ["DB_HOST": "db.example", "DB_USER": "ci", "DB_PASSWORD": "s3cret-pw"]
        let settings = try #require(try TeamSettings.resolve(config(connection), environment: env))
        #expect(settings.host == "db.example")
        #expect(settings.port == 5433)
        #expect(settings.user == "ci")
        #expect(settings.sslMode == "verify-full")
        #expect(settings.description == "db.example:5433/team")
        #expect(!String(describing: settings).contains("s3cret"))
    }

    /// An unset variable is an error naming the key and the variable, not any value.
    @Test func unsetVariableIsNamed() {
        let error = #expect(throws: TeamError.self) {
            try TeamSettings.resolve(config(connection), environment: ["DB_HOST": "h", "DB_USER": "u"])
        }
        #expect(error?.code == .config)
        #expect(error?.message == "'database.connection.password' names the environment variable 'DB_PASSWORD', which is not set")
    }

    /// A password written into the config is refused: secrets are never kept in files.
    @Test func literalPasswordIsRefused() {
        var literal = connection
        literal[4] = ("password", .string("hunter2"))
        let error = #expect(throws: TeamError.self) {
            try TeamSettings.resolve(config(literal), environment: ["DB_HOST": "h", "DB_USER": "u"])
        }
        #expect(error?.code == .config)
        #expect(error?.message.contains("hunter2") == false)
    }

    /// An unknown sslmode is an error listing the valid ones.
    @Test func unknownSSLModeIsRefused() {
        var bad = connection
        bad[5] = ("sslmode", .string("sometimes"))
        let error = #expect(throws: TeamError.self) {
            try TeamSettings.resolve(config(bad), environment: ["DB_HOST": "h", "DB_USER": "u", "DB_PASSWORD": "p"])
        }
        #expect(error?.message.contains("verify-full") == true)
    }

    /// Without `enabled: true` (or `features.database_backend`), or without a connection, the team log is off.
    @Test func offUnlessEnabledWithAConnection() throws {
        #expect(try TeamSettings.resolve(config(connection, enabled: false), environment: [:]) == nil)
        var retentionOnly = InventoryConfig()
        retentionOnly.sections["database"] = .map([("retention", .map([("history_days", .integer(30))]))])
        #expect(try TeamSettings.resolve(retentionOnly, environment: [:]) == nil)
        var feature = InventoryConfig()
        feature.features = [(name: "database_backend", enabled: true)]
        feature.sections["database"] = .map([("connection", .map([("host", .string("h"))]))])
        #expect(try TeamSettings.resolve(feature, environment: [:])?.host == "h")
    }
}
