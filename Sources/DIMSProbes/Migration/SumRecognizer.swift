public import DIMSCore

/// Recognises `echo $(( $(A) + $(B) + … ))` where every term is a metric of the same file-based kind: one metric with `sets`.
public struct SumRecognizer: CommandRecognizer {
    public var inner: [any CommandRecognizer]

    public init(inner: [any CommandRecognizer] = ConfigMigrator.simpleRecognizers) {
        self.inner = inner
    }

    public func recognize(_ command: String) -> RecognizedCommand? {
        guard let stages = ShellCommand(command)?.stages, stages.count == 1, stages[0].count == 2, stages[0][0].text == "echo",
              let arithmetic = stages[0][1].substitution, arithmetic.hasPrefix("(("), arithmetic.hasSuffix("))") else { return nil }
        let body = String(arithmetic.dropFirst(2).dropLast(2))
        let terms = Pipeline.splitTopLevel(body, by: "+")
        guard terms.count >= 2 else { return nil }
        var kind: String?
        var sets: [ConfigValue] = []
        var notes: [String] = []
        var skips = false
        for term in terms {
            guard term.hasPrefix("$("), term.hasSuffix(")") else { return nil }
            let text = String(term.dropFirst(2).dropLast())
            guard let recognized = inner.lazy.compactMap({ $0.recognize(text) }).first,
                  case .string(let source)? = recognized.options.first?.value, ["files", "lines"].contains(source),
                  kind == nil || kind == source else { return nil }
            kind = source
            notes += recognized.notes
            var options = Array(recognized.options.dropFirst())
            // A term's `missing` belongs to the whole sum: a term over a missing path printed 0 inside `$(( ))`.
            if let missing = options.first(where: { $0.key == "missing" })?.value {
                guard missing == .string("skip") || missing == .string("zero") else { return nil }
                skips = true
            }
            options.removeAll { $0.key == "missing" }
            if let nested = ConfigValue.map(options)["sets"]?.list { sets += nested } else { sets.append(.map(options)) }
        }
        let missing: [(key: String, value: ConfigValue)] = skips ? [("missing", .string("skip"))] : []
        return RecognizedCommand(options: [("source", .string(kind!)), ("sets", .list(sets))] + missing, notes: notes)
    }
}
