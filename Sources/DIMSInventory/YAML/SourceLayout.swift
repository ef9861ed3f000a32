import DIMSCore

/// Where each entry of a file's block maps sat, so that a rewrite copies unchanged entries byte for byte.
struct SourceLayout: Sendable {
    /// The lines of one map entry.
    struct Span: Sendable {
        /// The key's line up to the entry's last line of content (0-based line indices).
        var body: Range<Int>
        /// Blank and comment lines after the entry, kept when the entry is rewritten.
        var trailer: Range<Int>
        /// The entry's value as it was read.
        var original: ConfigValue
        var indent: Int
        var flow: Bool
        /// For a block map below its key: the key's line(s) before the first child, and the children's indent.
        var header: Range<Int>?
        var childIndent: Int?
    }

    let lines: [String]
    private var leading: Range<Int> = 0..<0
    private var rootIndent = 0
    private var spans: [[String]: Span] = [:]

    /// The layout of `text`, whose root node is `root`; nil unless the root is a block map.
    init?(text: String, root: YAMLNode) {
        guard case .map(let entries) = root.kind, !root.flow, let first = entries.first else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
        leading = 0..<(first.line - 1)
        rootIndent = first.column - 1
        layout(entries, path: [], end: lines.count)
    }

    private mutating func layout(_ entries: [YAMLEntry], path: [String], end: Int) {
        for (index, entry) in entries.enumerated() {
            let start = entry.line - 1
            let rawEnd = index + 1 < entries.count ? entries[index + 1].line - 1 : end
            var bodyEnd = rawEnd
            while bodyEnd > start + 1 && Self.isTrivia(lines[bodyEnd - 1]) { bodyEnd -= 1 }
            var span = Span(body: start..<bodyEnd, trailer: bodyEnd..<rawEnd, original: entry.node.value,
                            indent: entry.column - 1, flow: entry.node.flow)
            if case .map(let children) = entry.node.kind, !entry.node.flow, let first = children.first, first.line > entry.line {
                span.header = start..<(first.line - 1)
                span.childIndent = first.column - 1
                layout(children, path: path + [entry.key], end: bodyEnd)
            }
            spans[path + [entry.key]] = span
        }
    }

    private static func isTrivia(_ line: String) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        return trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed == "\r"
    }

    // MARK: - Rendering

    /// `root` as YAML text: unchanged entries as they were written, changed and new ones as PyYAML writes them.
    func render(_ root: [(key: String, value: ConfigValue)]) -> String {
        var out = Array(lines[leading])
        render(root, path: [], indent: rootIndent, into: &out)
        return out.joined(separator: "\n") + "\n"
    }

    /// `root` as YAML text in PyYAML's block style.
    static func render(_ root: [(key: String, value: ConfigValue)]) -> String {
        guard !root.isEmpty else { return "{}\n" }
        return root.flatMap { YAMLEmitter.entry($0.key, $0.value, indent: 0) }.joined(separator: "\n") + "\n"
    }

    private func render(_ entries: [(key: String, value: ConfigValue)], path: [String], indent: Int, into out: inout [String]) {
        for (key, value) in entries {
            let keyPath = path + [key]
            guard let span = spans[keyPath] else {
                out += YAMLEmitter.entry(key, value, indent: indent)
                continue
            }
            if span.original == value {
                out += lines[span.body]
            } else if let header = span.header, let childIndent = span.childIndent, case .map(let children) = value, !children.isEmpty {
                out += lines[header]
                render(children, path: keyPath, indent: childIndent, into: &out)
            } else if let line = restyled(key, value, span) {
                out.append(line)
            } else {
                out += YAMLEmitter.entry(key, value, indent: span.indent, flow: span.flow && value.isCollection)
            }
            out += lines[span.trailer]
        }
    }
}

extension SourceLayout {
    /// A changed one-line string written in the quoting its old value had (plain, '...' or "..."), so that a
    /// rewritten time or name looks like the line it replaces; nil when that style cannot hold the new text.
    func restyled(_ key: String, _ value: ConfigValue, _ span: Span) -> String? {
        guard span.body.count == 1, case .string(let text) = value, case .string(let old) = span.original else { return nil }
        let prefix = String(repeating: " ", count: span.indent) + YAMLEmitter.keyText(key) + ": "
        let line = lines[span.body.lowerBound]
        guard line.hasPrefix(prefix), let first = line.dropFirst(prefix.count).first else { return nil }
        switch first {
        case "'": return text.contains("\n") ? nil : prefix + YAMLEmitter.quoted(text, style: .singleQuoted)
        case "\"": return prefix + YAMLEmitter.doubleQuoted(text)
        default:
            let safe = !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "-_.:+/".contains($0) }
            let sameKind = PlainScalar.kind(of: text) == PlainScalar.kind(of: old)
            return safe && sameKind ? prefix + text : nil
        }
    }
}

extension ConfigValue {
    var isCollection: Bool {
        switch self {
        case .list, .map: true
        default: false
        }
    }
}
