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
            out += JSONValue.quoted(value)
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
                out += inner + JSONValue.quoted(key) + ": "
                members[key]!.write(to: &out, indent: inner, dialect: dialect)
                out += index < keys.count - 1 ? ",\n" : "\n"
            }
            out += indent + "}"
        }
    }

    /// A string literal valid in both JSON and Python.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += "\\u" + hex4(scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
