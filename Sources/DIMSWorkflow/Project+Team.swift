public import DIMSCore
public import DIMSStore
public import DIMSTeam
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The team log as commands use it: pull before answering, push after each local commit.
///
/// Both are best effort around a local command: an unreachable server (bounded by a short connect timeout)
/// never fails the command, which answers from the local log and says so; the events wait for the next push.
extension Project {
    /// How long commands that merely pull first or push after wait for the server.
    public static let teamTimeout = 3

    /// The team log's settings, nil when the config has none; an invalid section exits 2.
    public func teamSettings(_ config: InventoryConfig) throws -> TeamSettings? {
        do {
            return try TeamSettings.resolve(config, environment: environment)
        } catch {
            throw DIMSError(.badInput, "inventory/config.yaml: \(error.message)", file: Project.configName)
        }
    }

    /// The team log's settings for a command that needs the team log (`sync`, `db`); none is bad input (exit 2).
    public func requiredTeamSettings(_ config: InventoryConfig) throws -> TeamSettings {
        guard let settings = try teamSettings(config) else {
            throw DIMSError(.badInput, "No team log: add a database section with enabled: true and a connection to inventory/config.yaml",
                            file: Project.configName)
        }
        return settings
    }

    /// Connects to the team log; failures exit 3 naming the server.
    public func teamStore(_ settings: TeamSettings) throws -> TeamStore {
        do {
            return try TeamStore(settings: settings)
        } catch {
            throw DIMSError(.store, error.message)
        }
    }

    /// Pulls the team's new events into `log` before a command answers (pushing first what an earlier command
    /// could not); offline, says so and goes on.
    public func pullFromTeam(config: InventoryConfig, into log: EventLog) throws {
        guard let settings = try teamSettings(config) else { return }
        do {
            let sync = TeamSync(local: log, remote: try TeamStore(settings: settings.waiting(atMost: Self.teamTimeout)))
            try store {
                if try sync.pending() > 0 { try sync.push() }
                _ = try sync.pull()
            }
        } catch let error as TeamError {
            Console.err("dims: offline: \(error.message); answering from the local log")
        }
    }

    /// `pullFromTeam` for read-only commands: opens the log for writing only when the config has a team log.
    public func pullFromTeam() throws {
        let config = try config()
        guard try teamSettings(config) != nil else { return }
        let log = try openLog()
        ignoreStore()
        try pullFromTeam(config: config, into: log)
    }

    /// Pushes the local events not yet on the team log, after a local commit; offline, they wait for the next command.
    public func pushToTeam(config: InventoryConfig, from log: EventLog) throws {
        guard let settings = try teamSettings(config) else { return }
        // Crash tests stop here, after the local commit and before the push (the end-to-end tests' kill point).
        if environment["DIMS_TEAM_CRASH_BEFORE_PUSH"] != nil { _exit(137) }
        do {
            let sync = TeamSync(local: log, remote: try TeamStore(settings: settings.waiting(atMost: Self.teamTimeout)))
            try store { _ = try sync.push() }
        } catch let error as TeamError {
            let waiting = (try? log.lastSeq()).map { " (the log's events up to \($0) are kept and pushed by the next command)" } ?? ""
            Console.err("dims: offline: \(error.message); not pushed yet\(waiting)")
        }
    }
}

extension Project {
    /// Runs a team log call, turning its error into exit status 3 (the message names the server, never a secret).
    @discardableResult
    public func team<T>(_ body: () throws -> T) throws -> T {
        do {
            return try store(body)
        } catch let error as TeamError {
            throw DIMSError(.store, error.message)
        }
    }
}
