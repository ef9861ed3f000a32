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
            settleFormulas(&candidates)
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
            throw DIMSError(.badInput, "inventory/config.yaml: \(error.message)", file: Project.configName)
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
        // A rewritten formula needs the metrics it reads measured too, as the migrated config measures them.
        var needed = paths
        while true {
            let inputs = Set(after.metrics.filter { needed.contains($0.path) }.flatMap(Self.formulaInputs))
            guard !inputs.isSubset(of: needed) else { break }
            needed.formUnion(inputs)
        }
        let natives = await measure(after.metrics.filter { needed.contains($0.path) }, scope: scopes.after)
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

    /// The metrics a formula metric reads (none for other sources).
    static func formulaInputs(_ spec: MetricSpec) -> [MetricPath] {
        guard spec.source == .formula, let text = spec["formula"]?.string, let formula = try? Formula(text) else { return [] }
        return formula.names.map { MetricPath($0) }
    }

    /// A proven formula whose inputs include a rewrite that is not proven would read that metric's command, not the
    /// native measure it was proven with: it stays a command too.
    private func settleFormulas(_ candidates: inout [Candidate]) {
        let outcomes = Dictionary(candidates.compactMap { c in c.proof.map { (c.change.metric, $0.outcome) } }, uniquingKeysWith: { first, _ in first })
        for index in candidates.indices {
            guard var proof = candidates[index].proof, proof.outcome == .proven, let options = candidates[index].change.replacement?.options,
                  let text = ConfigValue.map(options)["formula"]?.string, let formula = try? Formula(text) else { continue }
            let unsettled = formula.names.filter { outcomes[MetricPath($0)].map { $0 != .proven } ?? false }
            guard !unsettled.isEmpty else { continue }
            proof.outcome = .differs
            candidates[index].proof = proof
            candidates[index].notes[0] = "kept as a command: the formula gives the command's value, \(MigrationCheck.text(proof.original)), "
                + "but it reads \(unsettled.map { "'\($0)'" }.joined(separator: ", ")), whose rewrite is not proven, so that metric stays a command"
        }
    }

    /// For a rewrite with `missing: skip` or `missing: zero`, the files and folders it names that do not exist now.
    private func missingFileNotes(_ change: MigrationResult.Change) -> [String] {
        guard let options = change.replacement?.options, [ConfigValue.string("skip"), .string("zero")].contains(ConfigValue.map(options)["missing"]) else { return [] }
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
