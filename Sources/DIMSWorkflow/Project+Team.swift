public import DIMSCore
public import DIMSStore
public import DIMSTeam
import DIMSTrust
import Foundation
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The team log of one command: at most one connection, opened at first use and kept to the command's end.
final class TeamLink: Sendable {
    enum State {
        case unresolved
        /// The config has no team log.
        case off
        /// The config names a server the user has not trusted; the message says so.
        case refused(String)
        case connected(TeamSettings, TeamStore)
        /// The server could not be reached (or failed) during this command; not tried again before it ends.
        case offline(TeamSettings, TeamError)
    }

    private let current = NIOLockedValueBox(State.unresolved)

    var state: State {
        get { current.withLockedValue { $0 } }
        set { current.withLockedValue { $0 = newValue } }
    }
}

/// The team log as commands use it: pull before answering, push after each local commit.
///
/// Both are best effort around a local command: an unreachable server (bounded by a short connect timeout)
/// never fails the command, which answers from the local log and says so; the events wait for the next push.
/// A command connects once: every pull, push and claim of it shares the connection.
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

    /// Why the team log named in `config` may not be used: the repository chose its server and the user has not
    /// trusted the project (`dims trust`); nil when it may.
    public func teamRefusal(_ config: InventoryConfig) -> String? {
        guard let server = TrustScope.teamLogServer(config), !trust(config).trusted else { return nil }
        let item = TrustScope.Item(kind: .database, metric: nil, text: server)
        return "Not trusted: the config \(item.summary); \(TrustScope.hint)"
    }

    /// The team log's settings for a command that needs the team log (`sync`, `db`): none is bad input (exit 2), a
    /// server the project is not trusted for exit 6.
    public func requiredTeamSettings(_ config: InventoryConfig) throws -> TeamSettings {
        guard let settings = try teamSettings(config) else {
            throw DIMSError(.badInput, "No team log: add a database section with enabled: true and a connection to inventory/config.yaml",
                            file: Project.configName)
        }
        if let refusal = teamRefusal(config) { throw DIMSError(.untrusted, refusal, file: Project.configName) }
        return settings
    }

    /// The team log for a command whose purpose it is (`sync`, `db status`): no team log exits 2, an untrusted
    /// server 6, an unreachable server or a refused login 3 naming the server.
    public func requireTeam(_ config: InventoryConfig) throws -> (settings: TeamSettings, store: TeamStore) {
        let settings = try requiredTeamSettings(config)
        if case .connected(let settings, let store) = teamLink.state { return (settings, store) }
        do {
            let store = try TeamStore(settings: settings)
            teamLink.state = .connected(settings, store)
            return (settings, store)
        } catch {
            throw DIMSError(.store, error.message)
        }
    }

    /// The command's connection to the team log for a pull first or a push after; nil when the config has none,
    /// when it is not trusted, or when the server is away (each said once on stderr, with what happens instead).
    public func teamConnection(_ config: InventoryConfig, instead: String) throws -> TeamStore? {
        switch teamLink.state {
        case .connected(_, let store): return store
        case .off, .refused, .offline: return nil
        case .unresolved: break
        }
        guard let settings = try teamSettings(config) else {
            teamLink.state = .off
            return nil
        }
        if let refusal = teamRefusal(config) {
            Console.err("dims: \(refusal); \(instead)")
            teamLink.state = .refused(refusal)
            return nil
        }
        do {
            let store = try TeamStore(settings: settings.waiting(atMost: Self.teamTimeout))
            teamLink.state = .connected(settings, store)
            return store
        } catch {
            Console.err("dims: offline: \(error.message); \(instead)")
            teamLink.state = .offline(settings, error)
            return nil
        }
    }

    /// Whether this command left the team log unused because the user has not trusted its server (`verify` and `update` then exit 6).
    public var teamRefused: Bool {
        if case .refused = teamLink.state { return true }
        return false
    }

    /// Runs `body` on the command's connection; a failure of the server is said once and ends the connection.
    private func withTeam(_ config: InventoryConfig, instead: String, _ body: (TeamStore) throws -> Void) throws {
        guard let remote = try teamConnection(config, instead: instead) else { return }
        do {
            try store { try body(remote) }
        } catch let error as TeamError {
            Console.err("dims: offline: \(error.message); \(instead)")
            if case .connected(let settings, _) = teamLink.state { teamLink.state = .offline(settings, error) }
        }
    }

    /// Pulls the team's new events into `log` before a command answers (pushing first what an earlier command
    /// could not); offline, says so and goes on.
    public func pullFromTeam(config: InventoryConfig, into log: EventLog) throws {
        try withTeam(config, instead: "answering from the local log") { remote in
            let sync = TeamSync(local: log, remote: remote, archives: archivePath)
            if try sync.pending() > 0 { try sync.push() }
            _ = try sync.pull()
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
        guard try teamSettings(config) != nil else { return }
        // Crash tests stop here, after the local commit and before the push (the end-to-end tests' kill point).
        if environment["DIMS_TEAM_CRASH_BEFORE_PUSH"] != nil { _exit(137) }
        let waiting = (try? log.lastSeq()).map { "not pushed yet (the log's events up to \($0) are kept and pushed by the next command)" }
        try withTeam(config, instead: waiting ?? "not pushed yet") { remote in
            _ = try TeamSync(local: log, remote: remote, archives: archivePath).push()
        }
    }

    /// `pushToTeam` for commands that append without having read the config for anything else.
    public func pushToTeam(from log: EventLog) throws {
        try pushToTeam(config: try config(), from: log)
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
