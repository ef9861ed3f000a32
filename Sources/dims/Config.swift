import ArgumentParser
import DIMSCore
import DIMSInventory
import DIMSProbes
import DIMSStore
import Foundation
import DIMSWorkflow

struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(
            commandName: "config", abstract: "Work on inventory/config.yaml.", subcommands: [Migrate.self])

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate",
            abstract: "Rewrite shell-command metrics as native sources, proving each rewrite by measuring it both ways.",
            discussion: """
                Each recognised command is run, and its native rewrite measured, on the same data: only a rewrite that \
                gives the same value is offered (proven). A rewrite whose value differs stays a command; one whose \
                command cannot run here (unproven) is written only with --unproven. Without --write nothing is changed; \
                with it the config is rewritten atomically and every proof is recorded in the event log (see dims audit). \
                Exits 2 when the config cannot be read, 3 when the log cannot be written, 4 when the config cannot be written.
                """)

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Rewrite inventory/config.yaml (atomically) with the proven rewrites.")
        var write = false

        @Flag(help: "Also write rewrites whose command could not run here, so they could not be compared.")
        var unproven = false

        @Flag(help: "Show the rewrites without running any command (nothing is proven, nothing can be written).")
        var noProof = false

        func validate() throws {
            if noProof && write { throw ValidationError("Please choose --write or --no-proof: only proven rewrites are written") }
        }

        func run() async throws {
            let project = try Project(global)
            let text: String
            do {
                text = try String(contentsOfFile: project.configPath, encoding: .utf8)
            } catch {
                throw DIMSError(.badInput, "Cannot read '\(project.relative(project.configPath))': \(error.localizedDescription)")
            }
            let config = try project.config()
            let outcome = try await MigrationProver(project: project, text: text).run(measure: !noProof)
            let accepted = Set(outcome.candidates.filter { candidate in
                guard let proof = candidate.proof else { return false }
                return proof.outcome == .proven || (unproven && proof.outcome == .unproven)
            }.map(\.change.metric))
            let chosen = MigrationProver.migrator.migrate(configText: text, only: noProof ? nil : accepted)
            let proofs = outcome.candidates.compactMap(\.proof)
            let provenCount = proofs.filter { $0.outcome == .proven }.count
            let share = proofs.isEmpty ? 0 : Double(provenCount) * 100 / Double(proofs.count)
            let notes = outcome.candidates.flatMap { candidate in candidate.notes.map { "\(candidate.change.metric): \($0)" } }
                + outcome.kept.flatMap { kept in kept.notes.map { "\(kept.metric): \($0)" } }
            let summary = noProof
                ? "\(outcome.candidates.count) commands have a native equivalent (not proven: --no-proof); \(outcome.kept.count) stay commands"
                : "\(provenCount) of \(proofs.count) rewrites proven (\(String(format: "%.0f", share)) %); "
                    + "\(proofs.count - provenCount) not; \(outcome.kept.count) commands have no native equivalent"
            if global.json {
                Console.answer(MigrateAnswer(
                    changed: chosen.text != text, diff: chosen.diff, notes: notes,
                    migrated: chosen.changes.filter { $0.replacement != nil }.map(\.metric.rawValue),
                    keptAsCommands: chosen.changes.filter { $0.replacement == nil }.map(\.metric.rawValue),
                    proofs: proofs.map { MigrateAnswer.Proof(metric: $0.metric.rawValue, outcome: $0.outcome.description, native: $0.native,
                                                             commandValue: MigrationCheck.text($0.original), nativeValue: MigrationCheck.text($0.rewritten)) },
                    proven: provenCount, compared: proofs.count, provenPct: share))
            } else {
                Console.out(chosen.diff.isEmpty ? "Nothing to migrate: no rewrite was proven" : chosen.diff)
                for note in notes { Console.out("note: \(note)") }
                Console.out(summary)
            }
            guard write else { return }
            do {
                _ = try ConfigLoader.parse(chosen.text, file: project.relative(project.configPath))
            } catch {
                throw DIMSError(.badInput, "The migrated config does not load, so it was not written: \(error.message)")
            }
            if !proofs.isEmpty {
                let log = try project.openSyncedLog(config, mode: .read)
                let now = project.clock.now()
                let events = proofs.map { proof in
                    var proof = proof
                    proof.written = accepted.contains(proof.metric)
                    return LoggedEvent(recorded: now, observed: now, actor: project.actor, event: .migrationProved(proof))
                }
                try project.store { try log.append(events) }
                try project.pushToTeam(config: config, from: log)
            }
            guard chosen.text != text else { return }
            if let message = Self.writeFailure(chosen.text, to: project.configPath) { throw DIMSError(.output, message) }
            if !global.json { Console.out("Rewrote \(project.relative(project.configPath))") }
        }

        /// Writes `text` atomically; the reason when it cannot.
        private static func writeFailure(_ text: String, to path: String) -> String? {
            do {
                try AtomicFile.write(text, to: path)
                return nil
            } catch {
                return error.message
            }
        }
    }
}

/// `config migrate --json`: the rewrite (diff), the metrics migrated and kept, and each proof with both values.
struct MigrateAnswer: Encodable {
    struct Proof: Encodable {
        let metric: String
        let outcome: String
        let native: String
        let commandValue: String
        let nativeValue: String

        enum CodingKeys: String, CodingKey {
            case metric, outcome, native, commandValue = "command_value", nativeValue = "native_value"
        }
    }

    let changed: Bool
    let diff: String
    let notes: [String]
    let migrated: [String]
    let keptAsCommands: [String]
    let proofs: [Proof]
    let proven: Int
    let compared: Int
    let provenPct: Double

    enum CodingKeys: String, CodingKey {
        case changed, diff, notes, migrated, keptAsCommands = "kept_as_commands", proofs, proven, compared, provenPct = "proven_pct"
    }
}
