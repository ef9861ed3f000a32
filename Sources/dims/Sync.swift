import ArgumentParser
import DIMSCore
import DIMSStore
import DIMSTeam
import Foundation
import DIMSWorkflow

/// Set by SIGINT or SIGTERM: `sync --follow` finishes its current step and exits.
nonisolated(unsafe) private var stopRequested: sig_atomic_t = 0

/// `dims sync`: this machine's events to the team log, and the other machines' events from it.
struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sync",
        abstract: "Push this machine's events to the team log and pull the others' into the local log.",
        discussion: """
            Events keep their ids, actors and times; pulling twice adds nothing. With --follow, dims listens for \
            new events (LISTEN/NOTIFY) and pulls each as it arrives until interrupted, reconnecting when the server \
            comes back. Exits with status 2 when the database section is invalid, 3 when the server cannot be \
            reached or refuses the login, 6 when the config names a server the project is not trusted for (see 'dims trust').
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Keep running: pull new events as the server announces them, until interrupted.")
    var follow = false

    func run() throws {
        let project = try Project(global)
        let config = try project.config()
        let (settings, remote) = try project.requireTeam(config)
        let log = try project.openSyncedLog(config, mode: .write)
        if follow { try project.team { try remote.listen() } }
        let sync = TeamSync(local: log, remote: remote, archives: project.archivePath)
        let pushed = try project.team { try sync.push() }
        let pulled = try project.team { try sync.pull() }
        try afterPull(pulled, project: project, config: config, log: log)
        let last = try project.team { try remote.lastSeq() }
        if global.json && !follow {
            Console.answer(SyncAnswer(server: settings.description, pushed: pushed, pulled: pulled.count, serverLastSeq: last))
        } else {
            Console.out("Synced with \(settings): pushed \(pushed) new events, pulled \(pulled.count); the team log holds \(last)")
        }
        if follow { try followUpdates(project: project, config: config, log: log, settings: settings, remote: remote) }
    }

    /// Rewrites metrics.yaml when pulled events moved a baseline.
    func afterPull(_ pulled: [LoggedEvent], project: Project, config: InventoryConfig, log: EventLog) throws {
        guard pulled.contains(where: { if case .baselineSet = $0.event { true } else { false } }) else { return }
        try MetricsFileWriter(project: project, config: config).write(from: log)
    }

    /// Pulls on every announcement (and every few seconds regardless), pushes what this machine appends meanwhile.
    func followUpdates(project: Project, config: InventoryConfig, log: EventLog, settings: TeamSettings, remote first: TeamStore) throws {
        signal(SIGINT) { _ in stopRequested = 1 }
        signal(SIGTERM) { _ in stopRequested = 1 }
        var remote: TeamStore? = first
        var offline = false
        var quietRounds = 0
        while stopRequested == 0 {
            do {
                let store: TeamStore
                if let remote { store = remote } else {
                    store = try TeamStore(settings: settings.waiting(atMost: Project.teamTimeout))
                    try store.listen()
                    remote = store
                }
                if offline {
                    Console.err("dims: the team log at \(settings) is back")
                    offline = false
                }
                let announced = try store.waitForAppends(upTo: 1)
                quietRounds = announced ? 0 : quietRounds + 1
                guard announced || quietRounds >= 5 else { continue }
                quietRounds = 0
                let sync = TeamSync(local: log, remote: store, archives: project.archivePath)
                let pulled = try project.store { try sync.pull() }
                if try project.store({ try sync.pending() }) > 0 { try project.store { _ = try sync.push() } }
                try afterPull(pulled, project: project, config: config, log: log)
                if !pulled.isEmpty {
                    Console.out("Pulled \(pulled.count) events through \(try store.lastSeq())")
                }
            } catch let error as TeamError {
                if !offline { Console.err("dims: offline: \(error.message); retrying") }
                offline = true
                remote = nil
                sleep(1)
            }
        }
    }
}

/// `sync --json`: events pushed and pulled, and the server's last seq.
struct SyncAnswer: Encodable {
    let server: String
    let pushed: Int
    let pulled: Int
    let serverLastSeq: UInt64

    enum CodingKeys: String, CodingKey {
        case server, pushed, pulled, serverLastSeq = "server_last_seq"
    }
}
