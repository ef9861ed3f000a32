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
        static let configuration = CommandConfiguration(
            abstract: "Create or upgrade the team log's tables and views.",
            discussion: "Exits with status 2 when the database section is invalid, 3 when the server cannot be reached or refuses the login.")

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
            guard let settings = try project.teamSettings(config) else {
                throw DIMSError(.badInput, "No team log: add a database section with enabled: true and a connection to inventory/config.yaml")
            }
            let remote = try project.teamStore(settings)
            let last = try project.team { try remote.lastSeq() }
            let pending = try project.openLogForReading().map { log in try project.team { try TeamSync(local: log, remote: remote).pending() } } ?? 0
            if global.json {
                Console.json(["server": settings.description, "schema": TeamSchema.current, "last_seq": last, "unpushed": pending])
            } else {
                Console.out("Team log: \(settings) (schema \(TeamSchema.current)), \(last) events; \(pending) local events not pushed yet")
            }
        }
    }

    static func migrate(_ global: GlobalOptions) throws {
        let project = try Project(global)
        let config = try project.config()
        guard let settings = try project.teamSettings(config) else {
            throw DIMSError(.badInput, "No team log: add a database section with enabled: true and a connection to inventory/config.yaml")
        }
        let result: (from: Int, applied: [Int])
        do {
            result = try TeamStore.migrate(settings)
        } catch {
            throw DIMSError(.store, error.message)
        }
        if global.json {
            Console.json(["server": settings.description, "from": result.from, "applied": result.applied, "schema": TeamSchema.current])
        } else if result.applied.isEmpty {
            Console.out("The team log at \(settings) is at schema \(TeamSchema.current): nothing to migrate")
        } else {
            Console.out("Migrated the team log at \(settings) from schema \(result.from) to \(TeamSchema.current)")
        }
    }
}

/// `dims migrate`: the original system's name for `dims db migrate`.
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or upgrade the team log's schema (same as 'dims db migrate').")

    @OptionGroup var global: GlobalOptions

    func run() throws { try DB.migrate(global) }
}
