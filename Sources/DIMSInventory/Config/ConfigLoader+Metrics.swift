import DIMSCore

/// `verification.stable_metrics` and `volatile_metrics`: metric names, full paths, categories or `category.*`.
struct VolatilityLists {
    var stable: [String] = []
    var volatile: [String] = []

    /// The most specific match wins (full path, then name, then category); stable wins a tie.
    func volatility(of path: MetricPath) -> Volatility? {
        guard !stable.isEmpty || !volatile.isEmpty else { return nil }
        let name = path.name, category = path.category
        func matches(_ entry: String, _ level: Int) -> Bool {
            switch level {
            case 0: entry == path.rawValue
            case 1: entry == name
            default: entry == category || (entry.utf8.count == category.utf8.count + 2 && entry.hasSuffix(".*") && entry.hasPrefix(category))
            }
        }
        for level in 0..<3 {
            if stable.contains(where: { matches($0, level) }) { return .stable }
            if volatile.contains(where: { matches($0, level) }) { return .volatile }
        }
        return nil
    }
}

extension ConfigLoader {
    static func metrics(_ section: YAMLEntry, lists: VolatilityLists, reader: ConfigReader) throws(InventoryFileError) -> [MetricSpec] {
        var specs: [MetricSpec] = []
        for category in try reader.map(section, key: "metrics") {
            var categoryKey: String { "metrics.\(category.key)" }
            guard category.node.entries != nil || category.node.scalar == .null else {
                throw reader.error(category.line, categoryKey, "'\(categoryKey)' must be a map of metrics, not \(category.node.shape)")
            }
            for metric in try reader.map(category, key: categoryKey) {
                specs.append(try spec(metric, path: MetricPath(category: category.key, name: metric.key), lists: lists, reader: reader))
            }
        }
        return specs
    }

    private static func spec(_ metric: YAMLEntry, path: MetricPath, lists: VolatilityLists, reader: ConfigReader) throws(InventoryFileError) -> MetricSpec {
        var key: String { "metrics.\(path)" }  // built only for a message
        guard let fields = metric.node.entries else {
            throw reader.error(metric.line, key, "Metric '\(key)' must be a map with a 'command' or a 'source', not \(metric.node.shape)")
        }
        try checkOptions(fields, key: key, reader: reader)
        var spec = MetricSpec(path: path, source: .command, line: metric.line)
        var ownVolatility: Volatility?
        var command: String?
        var source: SourceKind?
        for field in fields {
            var fieldKey: String { "\(key).\(field.key)" }
            spec.options[field.key] = field.node.value
            switch field.key {
            case "command": command = try reader.string(field, key: fieldKey)
            case "source":
                guard let name = try reader.string(field, key: fieldKey), !name.isEmpty else { continue }
                guard let kind = SourceKind(rawValue: name) else {
                    let choices = SourceKind.allCases.map(\.rawValue)
                    throw reader.error(field.line, fieldKey, "'\(fieldKey)' must be one of \(choices.joined(separator: ", ")), not '\(name)'"
                                           + Suggestion.hint(name, among: choices))
                }
                source = kind
            case "parse_type":
                guard let name = try reader.string(field, key: fieldKey) else { continue }
                guard let type = ParseType(rawValue: name) else {
                    let choices = ParseType.allCases.map(\.rawValue).joined(separator: ", ")
                    throw reader.error(field.line, fieldKey, "'\(fieldKey)' must be one of \(choices), not '\(name)'"
                                           + Suggestion.hint(name, among: ParseType.allCases.map(\.rawValue)))
                }
                spec.parseType = type
            case "precision": spec.precision = try reader.integer(field, key: fieldKey)
            case "category":
                guard let name = try reader.string(field, key: fieldKey) else { continue }
                guard let volatility = Volatility(rawValue: name) else {
                    throw reader.error(field.line, fieldKey, "'\(fieldKey)' must be stable or volatile, not '\(name)'"
                                           + Suggestion.hint(name, among: ["stable", "volatile"]))
                }
                ownVolatility = volatility
            case "description": spec.description = try reader.string(field, key: fieldKey) ?? ""
            case "enabled": spec.enabled = try reader.bool(field, key: fieldKey) ?? true
            case "allow_zero": _ = try reader.bool(field, key: fieldKey)
            default: continue
            }
        }
        guard let source = source ?? (command != nil ? .command : nil) else {
            throw reader.error(metric.line, key, "Metric '\(key)' needs a 'command' or a 'source'")
        }
        spec.source = source
        spec.volatility = ownVolatility ?? lists.volatility(of: path) ?? .volatile
        return spec
    }
}
