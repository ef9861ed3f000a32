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
        case .singleQuoted, .doubleQuoted: doubleQuoted(text)
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
        switch style {
        case .plain: writeFolded(text, indent: indent, quoted: false)
        case .singleQuoted: writeFolded(text, indent: indent, quoted: true)
        case .doubleQuoted: write(Self.doubleQuoted(text))
        }
    }

    /// A plain or single-quoted scalar, breaking lines at single spaces past the width as PyYAML's
    /// `write_plain` and `write_single_quoted` do.
    private mutating func writeFolded(_ text: String, indent: Int, quoted: Bool) {
        let chars = Array(text.unicodeScalars)
        let margin = String(repeating: " ", count: indent)
        func piece(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(chars[range])) }
        if quoted { write("'") }
        var spaces = false, breaks = false, start = 0
        for end in 0...chars.count {
            let ch: Unicode.Scalar? = end < chars.count ? chars[end] : nil
            if spaces {
                if ch != " " {
                    if start + 1 == end && column > Self.width && (!quoted || start != 0 && end != chars.count) {
                        newLine()
                        write(margin)
                    } else {
                        write(piece(start..<end))
                    }
                    start = end
                }
            } else if breaks {
                if ch.map({ !ScalarStyle.breaks.contains($0) }) ?? true {
                    if chars[start] == "\n" { newLine() }
                    for _ in start..<end { newLine() }
                    write(margin)
                    start = end
                }
            } else if ch.map({ $0 == " " || $0 == "'" || ScalarStyle.breaks.contains($0) }) ?? true, start < end {
                write(piece(start..<end))
                start = end
            }
            if quoted && ch == "'" {
                write("''")
                start = end + 1
            }
            if let ch {
                spaces = ch == " "
                breaks = ScalarStyle.breaks.contains(ch)
            }
        }
        if quoted { write("'") }
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
