import ArgumentParser
import DIMSCore
import DIMSReports
import DIMSStore
import DIMSTrust
import Foundation
import DIMSWorkflow

struct Trust: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract: "Show what this project's config runs, sends and reads outside the project, and trust it.",
        discussion: """
            Records the fingerprint of the config's commands, custom endpoints and outside paths in your own trust \
            store (DIMS_TRUST_STORE, else $XDG_DATA_HOME/dims/trust, else ~/.local/share/dims/trust), never in the \
            repository. Until then those metrics are errors and verify and update exit 6; a config that changes any \
            of them needs trust again. --show only prints and exits 6 when the project is not trusted.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print what the config asks for and whether it is trusted; record nothing.")
    var show = false

    @Flag(help: "Forget this project's trust.")
    var revoke = false

    func validate() throws {
        if show && revoke { throw ValidationError("Please give --show or --revoke, not both") }
    }

    func run() throws {
        let project = try Project(global)
        let store = TrustStore(environment: project.environment)
        let file = store.file(for: project.root)
        if revoke {
            if unlink(file) != 0, errno != ENOENT {
                throw DIMSError(.output, "Cannot remove '\(file)': \(String(cString: strerror(errno)))")
            }
            if global.json { Console.answer(TrustAnswer(root: project.root, trusted: false, store: file)) } else { Console.out("Forgot the trust of \(project.root)") }
            return
        }
        let config = try project.config()
        let (scope, trusted) = project.trust(config)
        let recorded = store.trusts(scope, root: project.root)
        if !show, !scope.isEmpty, !recorded {
            do {
                try FileManager.default.createDirectory(atPath: store.directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
                try AtomicFile.write(store.record(scope, root: project.root, at: project.clock.now().iso8601), to: file)
            } catch let error as StoreError {
                throw DIMSError(.output, error.message)
            } catch {
                throw DIMSError(.output, "Cannot create the trust store '\(store.directory)': \(error.localizedDescription)")
            }
        }
        let nowTrusted = show ? trusted : true
        if global.json {
            Console.answer(TrustAnswer(root: project.root, trusted: nowTrusted, store: file, fingerprint: scope.fingerprint,
                                       items: scope.items.map { TrustAnswer.Item(kind: $0.kind.rawValue, metric: $0.metric?.rawValue ?? "", text: $0.text) }))
        } else {
            print(scope, root: project.root, trusted: nowTrusted, file: file)
        }
        if show, !trusted { throw Status.untrusted }
    }

    private func print(_ scope: TrustScope, root: String, trusted: Bool, file: String) {
        guard !scope.isEmpty else {
            Console.out("\(root) needs no trust: its config runs no command, uses no custom endpoint and reads nothing outside it")
            return
        }
        Console.out("The config of \(root):")
        for item in scope.items {
            Console.out("- \(item.metric.map { "\($0) " } ?? (item.kind == .endpoint ? "s3 " : ""))\(TerminalFormat.escaped(item.summary))")
        }
        if show {
            Console.out(trusted ? "Trusted." : "Not trusted: run 'dims trust' to allow it.")
        } else {
            Console.out("Trusted: recorded in \(file)")
        }
    }
}

/// `trust --json`: whether the project is trusted, the trust file, the scope's fingerprint (null after `--revoke`) and
/// what it runs, sends and reads (`metric` empty for an item of no one metric).
struct TrustAnswer: Encodable {
    struct Item: Encodable {
        let kind: String
        let metric: String
        let text: String
    }

    let root: String
    let trusted: Bool
    let store: String
    var fingerprint: String?
    var items: [Item] = []
}
