import DIMSCore
import Foundation
import Yams

/// A YAML node as read from a file: its value, where it starts, and whether it was written in flow style.
struct YAMLNode: Sendable {
    enum Kind: Sendable {
        case scalar(ConfigValue)
        case map([YAMLEntry])
        case list([YAMLNode])
    }

    var kind: Kind
    /// 1-based line and column of the node's first character.
    var line: Int
    var column: Int
    /// Whether a map or list was written `{...}` or `[...]`.
    var flow: Bool

    /// The node as a plain config value, keeping key order.
    var value: ConfigValue {
        switch kind {
        case .scalar(let value): value
        case .map(let entries): .map(entries.map { (key: $0.key, value: $0.node.value) })
        case .list(let items): .list(items.map(\.value))
        }
    }

    var entries: [YAMLEntry]? {
        if case .map(let entries) = kind { return entries }
        return nil
    }

    var scalar: ConfigValue? {
        if case .scalar(let value) = kind { return value }
        return nil
    }

    /// A short description for error messages: `a list`, `a map`, or the scalar in quotes.
    var shape: String {
        switch kind {
        case .map: return "a map"
        case .list: return "a list"
        case .scalar(.null): return "empty"
        case .scalar(let value):
            let text = value.string ?? ""
            return text.count > 60 ? "'\(text.prefix(57))...'" : "'\(text)'"
        }
    }
}

/// One key of a YAML map with the position of the key.
struct YAMLEntry: Sendable {
    var key: String
    var line: Int
    var column: Int
    var node: YAMLNode
}

/// Reads YAML text into `YAMLNode`s with PyYAML's (YAML 1.1) scalar types.
enum YAMLReader {
    /// The document's root node, or nil for an empty document.
    static func parse(_ text: String, file: String) throws(InventoryFileError) -> YAMLNode? {
        try YAMLLimits.check(text, file: file)
        let root: Node?
        do {
            // An empty constructor and the encoding named: their defaults build tables and read the environment
            // that composing never uses.
            root = try Yams.compose(yaml: text, .basic, Constructor([:], [:], [:]), .utf8)
        } catch let error as YamlError {
            throw syntaxError(error, text: text, file: file)
        } catch {
            throw InventoryFileError(.syntax, file: file, "Invalid YAML: \(error)")
        }
        guard let root else { return nil }
        var path: [PathStep] = []
        return try convert(root, path: &path, lines: LineStarts(text), file: file)
    }

    /// One step of the path to a node, for messages: a key, or an index in a list.
    private enum PathStep {
        case key(String)
        case index(Int)
    }

    /// `a.b[2].c`, built only for a message.
    private static func text(of path: [PathStep]) -> String {
        var text = ""
        for step in path {
            switch step {
            case .key(let key): text += text.isEmpty ? key : "." + key
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    private static func convert(_ node: Node, path: inout [PathStep], lines: LineStarts, file: String) throws(InventoryFileError) -> YAMLNode {
        let line = node.mark?.line ?? 1, column = node.mark?.column ?? 1
        switch node {
        case .scalar(let scalar):
            return YAMLNode(kind: .scalar(scalarValue(scalar)), line: line, column: column, flow: false)
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            items.reserveCapacity(sequence.count)
            for (index, item) in sequence.enumerated() {
                path.append(.index(index))
                items.append(try convert(item, path: &path, lines: lines, file: file))
                path.removeLast()
            }
            return YAMLNode(kind: .list(items), line: line, column: column, flow: lines.byte(at: line, column) == UInt8(ascii: "["))
        case .mapping(let mapping):
            var entries: [YAMLEntry] = []
            entries.reserveCapacity(mapping.count)
            for (keyNode, valueNode) in mapping {
                let keyLine = keyNode.mark?.line ?? line
                guard case .scalar(let keyScalar) = keyNode else {
                    let here = text(of: path)
                    throw InventoryFileError(.invalid, file: file, line: keyLine, key: here, "'\(here)' has a key that is not text")
                }
                let key = keyScalar.string
                path.append(.key(key))
                if let first = entries.first(where: { $0.key == key }) {
                    let keyPath = text(of: path)
                    throw InventoryFileError(.invalid, file: file, line: keyLine, key: keyPath,
                                             "'\(keyPath)' is defined twice (first on line \(first.line))")
                }
                let value = try convert(valueNode, path: &path, lines: lines, file: file)
                path.removeLast()
                entries.append(YAMLEntry(key: key, line: keyLine, column: keyNode.mark?.column ?? 1, node: value))
            }
            return YAMLNode(kind: .map(entries), line: line, column: column, flow: lines.byte(at: line, column) == UInt8(ascii: "{"))
        }
    }

    private static func scalarValue(_ scalar: Node.Scalar) -> ConfigValue {
        switch Tag.Name(rawValue: scalar.tag.description) {
        case .implicit:
            return scalar.style == .plain ? PlainScalar.resolve(scalar.string) : .string(scalar.string)
        case .str, .nonSpecific, .timestamp, .binary:
            return .string(scalar.string)
        default:
            return PlainScalar.resolve(scalar.string)
        }
    }

    private static func syntaxError(_ error: YamlError, text: String, file: String) -> InventoryFileError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let source = mark.line >= 1 && mark.line <= lines.count ? lines[mark.line - 1].trimmingCharacters(in: .whitespaces) : ""
            let near = source.isEmpty ? "" : " near '\(source)'"
            let during = context.map { " (\($0.text) on line \($0.mark.line))" } ?? ""
            return InventoryFileError(.syntax, file: file, line: mark.line, "Invalid YAML: \(problem)\(during)\(near)")
        case .reader(let problem, _, _, _):
            return InventoryFileError(.unreadable, file: file, "Cannot decode the file: \(problem)")
        default:
            return InventoryFileError(.syntax, file: file, "Invalid YAML: \(error)")
        }
    }
}

/// Where each line of a text starts, to look at the character a node starts with (whether a map or list is written
/// `{...}` or `[...]`: Yams reads that style from the end event, where libyaml leaves it unset).
private struct LineStarts {
    let bytes: [UInt8]
    var starts: [Int] = [0]

    init(_ text: String) {
        bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            for index in buffer.indices where buffer[index] == UInt8(ascii: "\n") { starts.append(index + 1) }
        }
    }

    /// The first byte of the character at a 1-based line and column (columns count Unicode scalars), or nil.
    func byte(at line: Int, _ column: Int) -> UInt8? {
        guard line >= 1, line <= starts.count, column >= 1 else { return nil }
        let end = line < starts.count ? starts[line] : bytes.count
        var offset = starts[line - 1], scalars = 1
        while offset < end, scalars < column {
            offset += 1
            while offset < end, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            scalars += 1
        }
        return offset < end ? bytes[offset] : nil
    }
}
