import DIMSCore
import DIMSInventory
import DIMSProbes
import DIMSS3
import DIMSTrust
import Foundation
import DIMSWorkflow

/// `config migrate`'s work: find the rewrites, keep those whose config loads, measure each both ways, and say which to write.
struct MigrationProver {
    let project: Project
    let text: String

    /// One recognised command metric and what became of it.
    struct Candidate {
        var change: MigrationResult.Change
        var proof: MigrationProof?
        var notes: [String]
    }

    struct Outcome {
        var result: MigrationResult
        var candidates: [Candidate]
        /// Metrics with no rewrite, and why.
        var kept: [(metric: MetricPath, notes: [String])]
    }

    static var migrator: ConfigMigrator { ConfigMigrator(recognizers: ConfigMigrator.localRecognizers + [S3CommandRecognizer()]) }

    /// Recognises, checks that each rewrite loads, and measures the rewrites both ways (unless `measure` is false).
    func run(measure: Bool) async throws -> Outcome {
        let migrator = Self.migrator
        let all = migrator.migrate(configText: text)
        var kept: [(metric: MetricPath, notes: [String])] = []
        for change in all.changes where change.replacement == nil {
            var notes = change.notes
            if let command = change.command, let warning = S3CommandRecognizer.warning(for: command) { notes.append(warning) }
            kept.append((change.metric, notes))
        }
        var loadable: [MigrationResult.Change] = []
        for change in all.changes where change.replacement != nil {
            let alone = migrator.migrate(configText: text, only: [change.metric])
            do {
                _ = try ConfigLoader.parse(alone.text, file: "inventory/config.yaml")
                loadable.append(change)
            } catch {
                kept.append((change.metric, ["kept as a command: the rewrite would not load (\(error.message))"]))
            }
        }
        let rewritten = migrator.migrate(configText: text, only: Set(loadable.map(\.metric)))
        var candidates = loadable.map { Candidate(change: $0, proof: nil, notes: $0.notes) }
        if measure, !candidates.isEmpty {
            let proofs = try await prove(candidates.map(\.change), rewrittenText: rewritten.text)
            for index in candidates.indices {
                let proof = proofs[candidates[index].change.metric]
                candidates[index].proof = proof
                if let proof { candidates[index].notes.insert(MigrationCheck.note(proof), at: 0) }
                if let proof, proof.outcome == .differs, case .value = proof.rewritten {
                    // Where the original's answer was wrong (the first 1,000 keys only, a newline in a key), the native measure is offered, opt-in.
                    candidates[index].notes.append("opt-in: where the command's answer is wrong, replace 'command:' with \(proof.native)")
                }
                candidates[index].notes += missingFileNotes(candidates[index].change)
            }
        }
        return Outcome(result: rewritten, candidates: candidates, kept: kept.sorted { $0.metric < $1.metric })
    }

    /// Measures every candidate as its command and as its rewrite, on the same data, with the real clock (as the command sees it).
    private func prove(_ changes: [MigrationResult.Change], rewrittenText: String) async throws -> [MetricPath: MigrationProof] {
        let before = try ConfigLoader.parse(text, file: "inventory/config.yaml")
        let after = try ConfigLoader.parse(rewrittenText, file: "inventory/config.yaml")
        let paths = Set(changes.map(\.metric))
        let s3: S3Source
        do {
            s3 = try S3Source(config: after.sections["s3"], costs: after.sections["costs"])
        } catch {
            throw DIMSError(.badInput, "inventory/config.yaml: \(error.message)")
        }
        // Proving runs the project's commands: only when the user trusts the config (the one they trusted, before the rewrite).
        // Untrusted, what needs trust is refused unrun (a command stays unproven) and file sources stay inside the project.
        let trusted = project.trust(before).trusted
        let scopes = (before: project.trust(before).scope, after: project.trust(after).scope)
        var context = ProbeContext(root: project.root, environment: project.environment, clock: SystemClock(environment: [:]))
        context.confined = !trusted
        let measurer = Measurer(sources: Measurer.localSources + [s3])
        func measure(_ specs: [MetricSpec], scope: TrustScope) async -> [MetricPath: ProbeResult] {
            var refused: [MetricPath: ProbeResult] = [:]
            if !trusted {
                for spec in specs { if let item = scope.needs(spec) { refused[spec.path] = .failure(TrustScope.refusal(item)) } }
            }
            let results = await measurer.measure(specs.filter { refused[$0.path] == nil }, context: context)
            return results.merging(refused) { _, refusal in refusal }
        }
        let originals = await measure(before.metrics.filter { paths.contains($0.path) }, scope: scopes.before)
        let natives = await measure(after.metrics.filter { paths.contains($0.path) }, scope: scopes.after)
        var proofs: [MetricPath: MigrationProof] = [:]
        for change in changes {
            let original = originals[change.metric] ?? .failure("not measured")
            let rewritten = natives[change.metric] ?? .failure("not measured")
            let precision = after.metrics.first { $0.path == change.metric }.flatMap { $0.precision ?? $0["precision"]?.integer.map(Int.init) }
            let outcome = MigrationCheck.outcome(original: original, rewritten: rewritten, precision: precision)
            proofs[change.metric] = MigrationProof(metric: change.metric, command: change.command ?? "", native: Self.flow(change.replacement),
                                                   original: original, rewritten: rewritten, outcome: outcome, written: false)
        }
        return proofs
    }

    /// For a rewrite with `missing: skip`, the files it names that do not exist now.
    private func missingFileNotes(_ change: MigrationResult.Change) -> [String] {
        guard let options = change.replacement?.options, ConfigValue.map(options)["missing"] == .string("skip") else { return [] }
        let map = ConfigValue.map(options)
        var paths = map["paths"]?.strings ?? []
        for set in map["sets"]?.list ?? [] { paths += set["paths"]?.strings ?? [] }
        let absent = paths.filter { !$0.contains("*") && !FileManager.default.fileExists(atPath: $0.hasPrefix("/") ? $0 : project.root + "/" + $0) }
        guard !absent.isEmpty else { return [] }
        return ["\(absent.map { "'\($0)'" }.joined(separator: ", ")) \(absent.count == 1 ? "does" : "do") not exist now and count nothing, as in the original"]
    }

    /// The native keys in one line of YAML flow style.
    static func flow(_ recognized: RecognizedCommand?) -> String {
        recognized.map { ConfigMigrator.flow($0.options) } ?? ""
    }
}
