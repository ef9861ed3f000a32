import DIMSCore
import Foundation

/// Writes config values as block-style YAML lines the way PyYAML's `dump(default_flow_style=False)` does.
struct YAMLEmitter {
    static let width = 80
    private(set) var lines: [String] = []
    private var current = ""
    private var column = 0

    /// The lines of `key: value` with the key at `indent`; `flow` writes a map or list on one line.
    static func entry(_ key: String, _ value: ConfigValue, indent: Int, flow: Bool = false) -> [String] {
        var emitter = YAMLEmitter()
        emitter.writeEntry(key, value, indent: indent, flow: flow)
        emitter.finish()
        return emitter.lines
    }

    // MARK: - Block style

    private mutating func writeEntry(_ key: String, _ value: ConfigValue, indent: Int, flow: Bool, indented: Bool = true) {
        write(String(repeating: " ", count: indented ? indent : 0) + Self.keyText(key) + ":")
        switch value {
        case .map(let entries) where !entries.isEmpty && !flow:
            for (childKey, child) in entries {
                newLine()
                writeEntry(childKey, child, indent: indent + 2, flow: false)
            }
        case .list(let items) where !items.isEmpty && !flow:
            for item in items {
                newLine()
                writeItem(item, indent: indent)
            }
        default:
            write(" ")
            writeInline(value, indent: indent + 2)
        }
    }

    private mutating func writeItem(_ item: ConfigValue, indent: Int, indented: Bool = true) {
        write(String(repeating: " ", count: indented ? indent : 0) + "-")
        switch item {
        case .map(let entries) where !entries.isEmpty:
            for (index, (key, child)) in entries.enumerated() {
                if index == 0 { write(" ") } else { newLine() }
                writeEntry(key, child, indent: indent + 2, flow: false, indented: index > 0)
            }
        case .list(let items) where !items.isEmpty:
            for (index, child) in items.enumerated() {
                if index == 0 { write(" ") } else { newLine() }
                writeItem(child, indent: indent + 2, indented: index > 0)
            }
        default:
            write(" ")
            writeInline(item, indent: indent + 2)
        }
    }

    /// A scalar, or a map or list in flow style, from the current column.
    private mutating func writeInline(_ value: ConfigValue, indent: Int) {
        switch value {
        case .string(let text): writeString(text, indent: indent, style: ScalarStyle(for: text))
        case .list(let items):
            write(items.isEmpty ? "[]" : "[" + items.map(Self.flowText).joined(separator: ", ") + "]")
        case .map:
            write(Self.flowText(value))
        default:
            write(Self.scalarText(value) ?? "")
        }
    }

    /// A non-string scalar as PyYAML writes it.
    static func scalarText(_ value: ConfigValue) -> String? {
        switch value {
        case .null: "null"
        case .boolean(let flag): flag ? "true" : "false"
        case .integer(let number): String(number)
        case .float(let number): PythonFormat.float(number)
        case .string, .list, .map: nil
        }
    }

    static func flowText(_ value: ConfigValue) -> String {
        switch value {
        case .string(let text): quoted(text, style: ScalarStyle(for: text, flow: true))
        case .list(let items): "[" + items.map(flowText).joined(separator: ", ") + "]"
        case .map(let entries): "{" + entries.map { "\(keyText($0.key, flow: true)): \(flowText($0.value))" }.joined(separator: ", ") + "}"
        default: scalarText(value) ?? ""
        }
    }

    static func keyText(_ key: String, flow: Bool = false) -> String {
        quoted(key, style: ScalarStyle(for: key, flow: flow, key: true))
    }

    /// `text` in `style` on one line.
    static func quoted(_ text: String, style: ScalarStyle) -> String {
        switch style {
        case .plain: text
        case .singleQuoted where !text.unicodeScalars.contains(where: ScalarStyle.breaks.contains):
            "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        default: doubleQuoted(text)
        }
    }

    static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for ch in text.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            case _ where ch.value < 0x20 || ch.value == 0x7F: out += String(format: "\\x%02X", ch.value)
            case _ where ch.value == 0xFEFF: out += "\\uFEFF"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }

    // MARK: - Strings with PyYAML's line folding

    private mutating func writeString(_ text: String, indent: Int, style: ScalarStyle) {
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        switch style {
        case .plain: writeWords(words, indent: indent, quote: nil)
        case .singleQuoted where !text.unicodeScalars.contains(where: ScalarStyle.breaks.contains):
            write("'")
            writeWords(words.map { $0.replacingOccurrences(of: "'", with: "''") }, indent: indent, quote: "'")
            write("'")
        default: write(Self.doubleQuoted(text))
        }
    }

    /// Words joined by single spaces, breaking the line at a space once past the width, as PyYAML does.
    private mutating func writeWords(_ words: [String], indent: Int, quote: String?) {
        for (index, word) in words.enumerated() {
            if index > 0 {
                let single = !word.isEmpty && !words[index - 1].isEmpty
                let edge = quote != nil && (index == 1 && words[0].isEmpty || index == words.count - 1 && word.isEmpty)
                if single && column > Self.width && !edge {
                    newLine()
                    write(String(repeating: " ", count: indent))
                } else {
                    write(" ")
                }
            }
            write(word)
        }
    }

    private mutating func write(_ text: String) {
        current += text
        column += text.count
    }

    private mutating func newLine() {
        lines.append(current)
        current = ""
        column = 0
    }

    private mutating func finish() {
        if !current.isEmpty || lines.isEmpty { newLine() }
    }
}
