import DIMSCore

/// Reading one-line YAML scalars and writing option values back as YAML, for line-wise edits of a config.
enum YAMLText {
    /// The value of a one-line scalar (plain, single- or double-quoted) and any comment after it; nil when it continues on other lines.
    static func scalar(_ text: String) -> (value: String, comment: String)? {
        let chars = Array(text.trimmingSpaces)
        guard let first = chars.first else { return nil }
        var value = ""
        var end = 0
        switch first {
        case "\"":
            var i = 1
            while i < chars.count, chars[i] != "\"" {
                if chars[i] == "\\", i + 1 < chars.count {
                    i += 1
                    switch chars[i] {
                    case "n": value.append("\n")
                    case "t": value.append("\t")
                    case "0": value.append("\0")
                    default: value.append(chars[i])
                    }
                } else {
                    value.append(chars[i])
                }
                i += 1
            }
            guard i < chars.count else { return nil }
            end = i + 1
        case "'":
            var i = 1
            while i < chars.count {
                if chars[i] == "'" {
                    if i + 1 < chars.count, chars[i + 1] == "'" { value.append("'"); i += 2; continue }
                    break
                }
                value.append(chars[i])
                i += 1
            }
            guard i < chars.count else { return nil }
            end = i + 1
        case "|", ">", "&", "*", "[", "{":
            return nil
        default:
            var i = 0
            while i < chars.count, !(chars[i] == "#" && i > 0 && chars[i - 1].isWhitespace) { i += 1 }
            value = String(chars[..<i]).trimmingSpaces
            end = i
        }
        let rest = String(chars[end...]).trimmingSpaces
        guard rest.isEmpty || rest.hasPrefix("#") else { return nil }
        return (value, rest)
    }

    /// The option as YAML lines at `indent`: `key: value`, with lists of maps in block style.
    static func lines(_ key: String, _ value: ConfigValue, indent: String) -> [String] {
        if case .list(let items) = value, items.contains(where: { $0.entries != nil }) {
            var out = ["\(indent)\(key):"]
            for item in items {
                let inner = (item.entries ?? []).flatMap { lines($0.key, $0.value, indent: indent + "    ") }
                guard let head = inner.first else { continue }
                out.append(indent + "  - " + head.dropFirst(indent.count + 4))
                out += inner.dropFirst()
            }
            return out
        }
        return ["\(indent)\(key): \(flow(value))"]
    }

    /// A value in flow style: `docs`, `"*.py"`, `[a, b]`, `true`.
    static func flow(_ value: ConfigValue) -> String {
        switch value {
        case .string(let text): return quoted(text)
        case .integer(let number): return String(number)
        case .float(let number): return String(number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .list(let items): return "[" + items.map(flow).joined(separator: ", ") + "]"
        case .map(let entries): return "{" + entries.map { "\($0.key): \(flow($0.value))" }.joined(separator: ", ") + "}"
        case .null: return "null"
        }
    }

    /// The string plain when YAML reads it back as the same string, else double-quoted.
    static func quoted(_ text: String) -> String {
        let safe = text.allSatisfy { $0.isLetter || $0.isNumber || "_./-".contains($0) }
        let special = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"].contains(text.lowercased())
        if safe, !text.isEmpty, !special, Double(text) == nil, !text.hasPrefix("-") { return text }
        var out = "\""
        for c in text {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}
