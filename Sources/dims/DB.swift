import ArgumentParser
import DIMSTeam
import DIMSWorkflow

/// `dims db`: the team log's schema on PostgreSQL.
struct DB: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the team log's schema on PostgreSQL.",
        subcommands: [Migrate.self, ServerStatus.self])

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "migrate",
            abstract: "Create or upgrade the team log's tables and views.",
            discussion: "Exits with status 2 when the database section is invalid, 3 when the server cannot be reached or refuses the login, 6 when the config names a server the project is not trusted for.")

        @OptionGroup var global: GlobalOptions

        func run() throws { try DB.migrate(global) }
    }

    struct ServerStatus: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show the team log's server, schema, last position and what this machine has not pushed.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let project = try Project(global)
            let config = try project.config()
            let (settings, remote) = try project.requireTeam(config)
            let last = try project.team { try remote.lastSeq() }
            let pending = try project.openLogForReading().map { log in try project.team { try TeamSync(local: log, remote: remote).pending() } } ?? 0
            if global.json {
                Console.answer(DBStatusAnswer(server: settings.description, schema: TeamSchema.current, lastSeq: last, unpushed: pending))
            } else {
                Console.out("Team log: \(settings) (schema \(TeamSchema.current)), \(last) events; \(pending) local events not pushed yet")
            }
        }
    }

    static func migrate(_ global: GlobalOptions) throws {
        let project = try Project(global)
        let config = try project.config()
        let settings = try project.requiredTeamSettings(config)
        let result: (from: Int, applied: [Int])
        do {
            result = try TeamStore.migrate(settings)
        } catch {
            throw DIMSError(.store, error.message)
        }
        if global.json {
            Console.answer(DBMigrateAnswer(server: settings.description, from: result.from, applied: result.applied, schema: TeamSchema.current))
        } else if result.applied.isEmpty {
            Console.out("The team log at \(settings) is at schema \(TeamSchema.current): nothing to migrate")
        } else {
            Console.out("Migrated the team log at \(settings) from schema \(result.from) to \(TeamSchema.current)")
        }
    }
}

/// `dims migrate`: the original system's name for `dims db migrate`.
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate",
        abstract: "Create or upgrade the team log's schema (same as 'dims db migrate').")

    @OptionGroup var global: GlobalOptions

    func run() throws { try DB.migrate(global) }
}

/// `db status --json`: the server (`host:port/database`), its schema, its last seq, and the local events not pushed yet.
struct DBStatusAnswer: Encodable {
    let server: String
    let schema: Int
    let lastSeq: UInt64
    let unpushed: UInt64

    enum CodingKeys: String, CodingKey {
        case server, schema, lastSeq = "last_seq", unpushed
    }
}

/// `db migrate --json`: the schema the server was at, the versions applied, and the schema it is at now.
struct DBMigrateAnswer: Encodable {
    let server: String
    let from: Int
    let applied: [Int]
    let schema: Int
}
