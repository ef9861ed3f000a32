public import DIMSCore

/// Measures a run's metrics: each source gets all its metrics at once, sources run concurrently, and formulas come last.
public struct Measurer: Sendable {
    public let sources: [any MetricSource]

    public init(sources: [any MetricSource]) {
        self.sources = sources
    }

    /// The local sources: files, lines, bytes, grep and age; commands; git.
    public static var localSources: [any MetricSource] { [FileSystemSource(), CommandSource(), GitSource()] }

    /// Measures `specs`, one result each. `known` are values the run already has (cached): formulas may use them as
    /// inputs, and the results hold them as they are.
    public func measure(_ specs: [MetricSpec], known: [MetricSpec: Value] = [:], context: ProbeContext) async -> [MetricPath: ProbeResult] {
        var results: [MetricPath: ProbeResult] = [:]
        var bySource: [Int: [MetricSpec]] = [:]
        for spec in specs where spec.source != .formula {
            if let index = sources.firstIndex(where: { $0.kinds.contains(spec.source) }) {
                bySource[index, default: []].append(spec)
            } else {
                results[spec.path] = .failure(ProbeError(code: .unknownSource, message: "Metric '\(spec.path)' has source '\(spec.source)', which this run does not measure").message)
            }
        }
        let sources = sources
        await withTaskGroup(of: [MetricPath: ProbeResult].self) { group in
            for (index, batch) in bySource {
                group.addTask { await sources[index].measure(batch, context: context) }
            }
            for await batch in group { results.merge(batch) { _, new in new } }
        }
        for spec in specs where spec.source != .formula && results[spec.path] == nil {
            results[spec.path] = .failure("Source '\(spec.source)' gave no result for '\(spec.path)'")
        }
        for (spec, value) in known where results[spec.path] == nil { results[spec.path] = .value(value) }
        evaluateFormulas(specs, inputs: Array(known.keys), into: &results)
        return results
    }

    /// Checks every formula: its text reads, each name is a metric of the run, and no formula depends on itself.
    public static func validateFormulas(_ specs: [MetricSpec]) throws {
        let plan = FormulaPlan(specs)
        if let first = specs.compactMap({ plan.errors[$0.path] }).first { throw first }
    }

    private func evaluateFormulas(_ specs: [MetricSpec], inputs: [MetricSpec], into results: inout [MetricPath: ProbeResult]) {
        let plan = FormulaPlan(specs, inputs: inputs)
        for (path, error) in plan.errors { results[path] = .failure(error.message) }
        for (spec, formula, inputs) in plan.ordered {
            var values: [String: Double] = [:]
            var problem: String?
            for name in formula.names {
                guard let input = inputs[name] else { continue }
                switch results[input] {
                case .value(let value)?:
                    if let number = value.number { values[name] = number } else { problem = "input '\(input)' is not a number" }
                case .failure(let reason)?: problem = "input '\(input)' failed: \(reason)"
                case nil: problem = "input '\(input)' was not measured"
                }
                if problem != nil { break }
            }
            if let problem {
                results[spec.path] = .failure(ProbeError(code: .inputFailed, message: "Formula of '\(spec.path)' cannot be evaluated: \(problem)").message)
                continue
            }
            guard let number = formula.evaluate({ values[$0] ?? 0 }), number.isFinite else {
                results[spec.path] = .failure(ProbeError(code: .invalidFormula, message: "Formula of '\(spec.path)' divides by zero").message)
                continue
            }
            switch spec.parseType {
            case .integer:
                guard let value = Value.integer(rounding: number) else {
                    results[spec.path] = .failure(ProbeError(code: .invalidFormula, message: "Formula of '\(spec.path)' gives \(number), too large for an integer").message)
                    continue
                }
                results[spec.path] = .value(value)
            default: results[spec.path] = .value(.float(Value.round(number, precision: spec.precision)))
            }
        }
    }
}
