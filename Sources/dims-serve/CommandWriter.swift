import DIMSProbes
import DIMSReports
import DIMSServe
import DIMSWorkflow
import Foundation

/// Does the dashboard's writes (`--allow-write`) by running `dims` itself, the program beside this one, as a user
/// would type the command: `dims approve accept|reject` and `dims update --metric`, with `--json`.
///
/// So a write is the command line's own workflow — its checks, its one write transaction, the rewrite of
/// metrics.yaml, the team log's claims and pushes, its exit status and answer — and the server's process keeps only
/// its read-only environment: liblmdb forbids opening one environment twice in a process (its POSIX locks are the
/// process's, so the second open would take the first's for its own).
struct CommandWriter: Sendable {
    /// The `dims` program.
    let program: String
    let root: String
    /// Whether the server was started with `--trust`, passed on to the commands.
    let trust: Bool
    /// The environment of the commands: the server's, without its token. The actor (`DIMS_ACTOR`, else user@host)
    /// is the server's, recorded with each event; a decision also records the reviewer the request names.
    let environment: [String: String]

    /// The longest a write may take (`dims update` measures the metric).
    static let timeout = 600.0

    /// The arguments of the command doing `action` (values joined to their option, so none reads as an option).
    func arguments(_ action: WriteAction) -> [String] {
        var arguments = [program]
        switch action {
        case .decide(let request, let accept, let reviewer, let notes, let apply):
            arguments += ["approve", accept ? "accept" : "reject", "--id=\(request)", "--reviewer=\(reviewer)"]
            if !notes.isEmpty { arguments.append("--notes=\(notes)") }
            if accept, !apply { arguments.append("--no-auto-apply") }
        case .updateBaseline(let metric):
            arguments += ["update", "--metric=\(metric)"]
        }
        arguments += ["--json", "--root=\(root)"]
        if trust { arguments.append("--trust") }
        return arguments
    }

    /// Runs the command and answers with its exit status and JSON answer.
    func run(_ action: WriteAction) -> WriteOutcome {
        let command = arguments(action)
        do {
            let outcome = try Subprocess(arguments: command, directory: root, environment: environment, timeout: CommandWriter.timeout).run()
            let answer = outcome.text
            if outcome.timedOut {
                return failure("'dims \(command[1])' did not finish within \(Int(CommandWriter.timeout)) s")
            }
            guard !answer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                let errors = String(decoding: outcome.errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                return failure("'dims \(command[1])' ended with status \(outcome.status) and no answer\(errors.isEmpty ? "" : ": \(errors)")", status: outcome.status)
            }
            return WriteOutcome(exitStatus: outcome.status, body: answer)
        } catch {
            return failure("Cannot run \(program): \(error)")
        }
    }

    private func failure(_ message: String, status: Int32 = ExitStatus.store.rawValue) -> WriteOutcome {
        let error = DIMSError(ExitStatus(rawValue: status) ?? .store, message)
        return WriteOutcome(exitStatus: error.status.rawValue, body: JSONAnswer.render(ErrorAnswer(error)) + "\n")
    }
}
