import DIMSCore

/// The type each known metric option must have, checked when the config is read so that a wrong one names its line.
enum OptionType {
    /// Any single scalar, read as text.
    case text
    /// A text, or a list of texts.
    case texts
    /// `true` or `false`.
    case flag
    /// A number of seconds, more than 0 and at most a day.
    case seconds
    /// A whole number of at least 1.
    case count
    /// A list of maps whose keys are options themselves (`sets:`).
    case sets
    /// A map of `max`, `min` and `budget` numbers (`limits:`).
    case limits

    /// The options dims reads, by key; other keys are kept as written and not checked.
    static let known: [String: OptionType] = [
        "command": .text, "formula": .text, "pattern": .text, "bucket": .text, "prefix": .text, "suffix": .text,
        "endpoint": .text, "region": .text, "profile": .text, "usage": .text, "rounding": .text, "since": .text,
        "until": .text, "author": .text, "grep": .text, "grep_scope": .text, "date_pattern": .text, "unit": .text,
        "paths": .texts, "path": .texts, "include": .texts, "exclude": .texts, "require": .texts,
        "hidden": .flag, "gitignore": .flag, "ignore_case": .flag, "extended": .flag, "all": .flag,
        "timeout": .seconds, "max_length": .count, "sets": .sets, "limits": .limits,
    ]
}

extension ConfigLoader {
    /// The longest command timeout, in seconds.
    static let maximumTimeout = 86_400.0

    /// Checks the known options among `fields` (a metric's map, or one item of its `sets`).
    static func checkOptions(_ fields: [YAMLEntry], key: @autoclosure () -> String, reader: ConfigReader) throws(InventoryFileError) {
        for field in fields {
            guard let type = OptionType.known[field.key] else { continue }
            var fieldKey: String { "\(key()).\(field.key)" }  // built only for a message
            switch type {
            case .text:
                guard field.node.scalar != nil else {
                    throw reader.error(field.line, fieldKey, "'\(fieldKey)' must be text, not \(field.node.shape)")
                }
            case .texts:
                _ = try reader.strings(field, key: fieldKey)
            case .flag:
                _ = try reader.bool(field, key: fieldKey)
            case .seconds:
                guard let seconds = try? reader.number(field, key: fieldKey), seconds > 0, seconds <= maximumTimeout else {
                    if field.node.scalar == .null { continue }
                    throw reader.error(field.line, fieldKey, "'\(fieldKey)' must be a number of seconds between 0 and "
                                           + "\(Int(maximumTimeout)), not \(field.node.shape)")
                }
            case .count:
                _ = try reader.integer(field, key: fieldKey, minimum: 1)
            case .sets:
                guard case .list(let items) = field.node.kind else {
                    throw reader.error(field.line, fieldKey, "'\(fieldKey)' must be a list of maps, not \(field.node.shape)")
                }
                for (index, item) in items.enumerated() {
                    guard let entries = item.entries else {
                        throw reader.error(item.line, "\(fieldKey)[\(index)]",
                                           "'\(fieldKey)' must be a list of maps, but item \(index + 1) is \(item.shape)")
                    }
                    try checkOptions(entries, key: "\(fieldKey)[\(index)]", reader: reader)
                }
            case .limits:
                try checkLimits(field, key: fieldKey, reader: reader)
            }
        }
    }

    /// `limits: {max: 150, min: 10, budget: 500}`: each a number, max above min.
    static func checkLimits(_ field: YAMLEntry, key: String, reader: ConfigReader) throws(InventoryFileError) {
        var numbers: [String: Double] = [:]
        for limit in try reader.map(field, key: key) {
            let limitKey = "\(key).\(limit.key)"
            guard ["max", "min", "budget"].contains(limit.key) else {
                throw reader.error(limit.line, limitKey, "'\(limitKey)' is not a limit: use max, min or budget")
            }
            guard let number = try? reader.number(limit, key: limitKey), number.isFinite else {
                throw reader.error(limit.line, limitKey, "'\(limitKey)' must be a number, not \(limit.node.shape)")
            }
            numbers[limit.key] = number
        }
        if let min = numbers["min"], let max = numbers["max"] ?? numbers["budget"], min >= max {
            throw reader.error(field.line, key, "'\(key)': min (\(Value.shortText(min))) must be below max (\(Value.shortText(max)))")
        }
    }
}
