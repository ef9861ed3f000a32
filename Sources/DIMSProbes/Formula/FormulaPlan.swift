public import DIMSCore

/// The formula metrics of one run, with their names resolved and an order in which each comes after its inputs.
struct FormulaPlan {
    /// Formula metrics in evaluation order, each with its formula and the metric each name stands for.
    var ordered: [(spec: MetricSpec, formula: Formula, inputs: [String: MetricPath])] = []
    /// Formula metrics that cannot be evaluated, and why.
    var errors: [MetricPath: ProbeError] = [:]

    /// Plans the formulas among `specs`; their names may stand for any of `specs` and of `inputs` (metrics whose values
    /// the run already has).
    init(_ specs: [MetricSpec], inputs: [MetricSpec] = []) {
        let formulas = specs.filter { $0.source == .formula }
        let named = inputs.isEmpty ? specs : specs + inputs
        var parsed: [MetricPath: (MetricSpec, Formula, [String: MetricPath])] = [:]
        for spec in formulas {
            do throws(ProbeError) {
                guard let text = spec.options["formula"]?.string else {
                    throw ProbeError(code: .invalidFormula, message: "Metric '\(spec.path)' needs a 'formula'")
                }
                let formula = try Formula(text)
                var inputs: [String: MetricPath] = [:]
                for name in formula.names { inputs[name] = try FormulaPlan.resolve(name, for: spec, in: named) }
                parsed[spec.path] = (spec, formula, inputs)
            } catch {
                errors[spec.path] = error
            }
        }
        var state: [MetricPath: Bool] = [:]  // false while visiting, true when done
        func visit(_ path: MetricPath, _ trail: [MetricPath]) {
            guard let (spec, formula, inputs) = parsed[path], state[path] != true else { return }
            if state[path] == false {
                let cycle = (trail.drop { $0 != path } + [path]).map { "'\($0)'" }.joined(separator: " → ")
                errors[path] = ProbeError(code: .formulaCycle, message: "Formula of '\(path)' depends on itself: \(cycle)")
                return
            }
            state[path] = false
            for input in formula.names.compactMap({ inputs[$0] }) { visit(input, trail + [path]) }
            state[path] = true
            ordered.append((spec, formula, inputs))
        }
        for spec in formulas { visit(spec.path, []) }
        ordered.removeAll { errors[$0.spec.path] != nil }
    }

    /// The metric a name in `spec`'s formula stands for: a full path, or a name unique in the run (or in its category).
    static func resolve(_ name: String, for spec: MetricSpec, in specs: [MetricSpec]) throws(ProbeError) -> MetricPath {
        if specs.contains(where: { $0.path.rawValue == name }) { return MetricPath(name) }
        let matches = specs.filter { $0.path.name == name && $0.path != spec.path }
        if matches.count == 1 { return matches[0].path }
        let local = matches.filter { $0.path.category == spec.path.category }
        if local.count == 1 { return local[0].path }
        if matches.isEmpty {
            throw ProbeError(code: .unknownName, message: "Formula of '\(spec.path)' uses unknown metric '\(name)'")
        }
        let choices = matches.map { "'\($0.path)'" }.joined(separator: ", ")
        throw ProbeError(code: .unknownName, message: "Formula of '\(spec.path)' uses '\(name)', which could be any of \(choices)")
    }
}

extension Formula {
    /// The formula of `spec` (a `formula` metric) and the metric each of its names stands for among `specs`, in order
    /// of first use; nil when `spec` has no formula that reads and resolves.
    public static func inputs(of spec: MetricSpec, among specs: [MetricSpec]) -> (formula: Formula, inputs: [(name: String, path: MetricPath)])? {
        guard spec.source == .formula, let text = spec.options["formula"]?.string, let formula = try? Formula(text) else { return nil }
        var inputs: [(name: String, path: MetricPath)] = []
        for name in formula.names {
            guard let path = try? FormulaPlan.resolve(name, for: spec, in: specs) else { return nil }
            inputs.append((name, path))
        }
        return (formula, inputs)
    }
}
