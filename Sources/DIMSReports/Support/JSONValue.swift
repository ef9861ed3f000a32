/// A JSON document with a deterministic writer: sorted keys, two-space indents, integers kept integral.
enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The language the document is written in: JSON, or a Python literal (`True`, `False`, `None`).
    enum Dialect: Sendable {
        case json, python
    }

    /// The document as pretty-printed text.
    func rendered(_ dialect: Dialect = .json) -> String {
        var out = ""
        write(to: &out, indent: "", dialect: dialect)
        return out
    }

    private func write(to out: inout String, indent: String, dialect: Dialect) {
        switch self {
        case .null:
            out += dialect == .json ? "null" : "None"
        case .bool(let value):
            switch dialect {
            case .json: out += value ? "true" : "false"
            case .python: out += value ? "True" : "False"
            }
        case .integer(let value):
            out += String(value)
        case .number(let value):
            guard value.isFinite else { return JSONValue.null.write(to: &out, indent: indent, dialect: dialect) }
            out += String(value)
        case .string(let value):
            out += JSONString.quoted(value)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            let inner = indent + "  "
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += inner
                item.write(to: &out, indent: inner, dialect: dialect)
                out += index < items.count - 1 ? ",\n" : "\n"
            }
            out += indent + "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            let inner = indent + "  "
            let keys = members.keys.sorted()
            out += "{\n"
            for (index, key) in keys.enumerated() {
                out += inner + JSONString.quoted(key) + ": "
                members[key]!.write(to: &out, indent: inner, dialect: dialect)
                out += index < keys.count - 1 ? ",\n" : "\n"
            }
            out += indent + "}"
        }
    }
}
