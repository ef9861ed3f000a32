import DIMSCore

/// Typed access to config nodes, with errors that name the file, line and key (the key is built only for an error).
struct ConfigReader {
    let file: String

    func error(_ line: Int, _ key: String, _ text: String) -> InventoryFileError {
        InventoryFileError(.invalid, file: file, line: line, key: key, text)
    }

    /// The entries of a map; an empty value counts as an empty map.
    func map(_ node: YAMLNode, key: @autoclosure () -> String, line: Int) throws(InventoryFileError) -> [YAMLEntry] {
        if case .scalar(.null) = node.kind { return [] }
        guard let entries = node.entries else { throw error(line, key(), "'\(key())' must be a map, not \(node.shape)") }
        return entries
    }

    func map(_ entry: YAMLEntry, key: @autoclosure () -> String) throws(InventoryFileError) -> [YAMLEntry] {
        try map(entry.node, key: key(), line: entry.line)
    }

    func number(_ entry: YAMLEntry, key: @autoclosure () -> String) throws(InventoryFileError) -> Double? {
        switch entry.node.scalar {
        case .null: return nil
        case .integer(let number): return Double(number)
        case .float(let number) where number.isFinite: return number
        default: throw error(entry.line, key(), "'\(key())' must be a number, not \(entry.node.shape)")
        }
    }

    func integer(_ entry: YAMLEntry, key: @autoclosure () -> String, minimum: Int = 0) throws(InventoryFileError) -> Int? {
        switch entry.node.scalar {
        case .null: return nil
        case .integer(let number) where number >= minimum && number <= Int64(Int32.max): return Int(number)
        default: throw error(entry.line, key(), "'\(key())' must be a whole number of at least \(minimum), not \(entry.node.shape)")
        }
    }

    func bool(_ entry: YAMLEntry, key: @autoclosure () -> String) throws(InventoryFileError) -> Bool? {
        switch entry.node.scalar {
        case .null: return nil
        case .boolean(let flag): return flag
        default: throw error(entry.line, key(), "'\(key())' must be true or false, not \(entry.node.shape)")
        }
    }

    func string(_ entry: YAMLEntry, key: @autoclosure () -> String) throws(InventoryFileError) -> String? {
        switch entry.node.scalar {
        case .null: return nil
        case let value? where value.string != nil: return value.string
        default: throw error(entry.line, key(), "'\(key())' must be text, not \(entry.node.shape)")
        }
    }

    /// A list of texts; a single text counts as a list of one.
    func strings(_ entry: YAMLEntry, key: @autoclosure () -> String) throws(InventoryFileError) -> [String] {
        switch entry.node.kind {
        case .scalar(.null): return []
        case .scalar(let value) where value.string != nil: return [value.string ?? ""]
        case .list(let items):
            var strings: [String] = []
            for (index, item) in items.enumerated() {
                guard let text = item.scalar?.string, item.scalar != .null else {
                    throw error(item.line, "\(key())[\(index)]", "'\(key())' must be a list of names, but item \(index + 1) is \(item.shape)")
                }
                strings.append(text)
            }
            return strings
        default: throw error(entry.line, key(), "'\(key())' must be a list of names, not \(entry.node.shape)")
        }
    }
}
