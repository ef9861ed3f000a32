import CYaml

/// Limits a YAML text must keep before it is built into nodes: nesting depth, and size with every alias expanded.
///
/// A "billion laughs" document (aliases of aliases) or thousands of nested `[` would otherwise take gigabytes or
/// overflow the stack; libyaml's event parser keeps its own stacks, so reading the events first is safe.
enum YAMLLimits {
    /// The deepest nesting of maps and lists.
    static let maximumDepth = 64
    /// The most nodes a document may have once every alias is expanded.
    static let maximumNodes = 200_000

    /// Throws when `text` nests too deeply or expands to too many nodes. Syntax errors are left to the parser proper.
    static func check(_ text: String, file: String) throws(InventoryFileError) {
        if provablyWithin(Array(text.utf8)) { return }
        try checkEvents(text, file: file)
    }

    /// `check` by reading every event with libyaml.
    static func checkEvents(_ text: String, file: String) throws(InventoryFileError) {
        var bytes = Array(text.utf8)
        if bytes.isEmpty { return }
        var failure: InventoryFileError?
        bytes.withUnsafeMutableBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            // Each open map or list: the node count when it started, and its anchor.
            var open: [(start: Int, anchor: String?)] = []
            var anchors: [String: Int] = [:]
            var nodes = 0
            while failure == nil {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return }
                defer { yaml_event_delete(&event) }
                let line = Int(event.start_mark.line) + 1
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return
                case YAML_SCALAR_EVENT:
                    nodes += 1
                    if let anchor = name(event.data.scalar.anchor) { anchors[anchor] = 1 }
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    let anchor = event.type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
                    open.append((nodes, name(anchor)))
                    nodes += 1
                    if open.count > maximumDepth {
                        failure = InventoryFileError(.invalid, file: file, line: line,
                                                     "Maps and lists nest more than \(maximumDepth) levels deep")
                    }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    if let (start, anchor) = open.popLast(), let anchor { anchors[anchor] = nodes - start }
                case YAML_ALIAS_EVENT:
                    nodes += name(event.data.alias.anchor).flatMap { anchors[$0] } ?? 1
                default:
                    continue
                }
                if failure == nil, nodes > maximumNodes {
                    failure = InventoryFileError(.invalid, file: file, line: line,
                                                 "The document expands to more than \(maximumNodes) values (aliases included)")
                }
            }
        }
        if let failure { throw failure }
    }

    /// Whether `bytes` keeps both limits by a bound taken in one pass, without parsing (a tenth of the time libyaml takes
    /// to read the events); false when the bound does not show it, and the events are read.
    ///
    /// Nodes: with no anchor nothing expands, and a node takes at least a quarter of a byte. Depth: every `[` and `{`
    /// opens a flow collection; block collections nest at most two levels per column of indentation, as a child is
    /// indented further than its parent except a sequence that is a mapping's value; the column of each line's content
    /// is taken after the indicators (`- `, `? `, `: `, `---`) that open collections on the same line. Tabs, carriage
    /// returns outside CRLF and non-ASCII bytes (other line breaks, a byte order mark) are left to libyaml.
    static func provablyWithin(_ bytes: [UInt8]) -> Bool {
        guard bytes.count <= maximumNodes / 4 - 1 else { return false }
        var flows = 0
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case 0x80..., UInt8(ascii: "\t"), UInt8(ascii: "&"): return false
            case UInt8(ascii: "\r") where index + 1 == bytes.count || bytes[index + 1] != UInt8(ascii: "\n"): return false
            case UInt8(ascii: "["), UInt8(ascii: "{"): flows += 1
            default: continue
            }
        }
        let space = UInt8(ascii: " "), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        func isBreak(_ index: Int) -> Bool { index == bytes.count || bytes[index] == newline || bytes[index] == carriageReturn }
        var deepest = 0
        var start = 0
        while start < bytes.count {
            var index = start
            while index < bytes.count, bytes[index] == space { index += 1 }
            if !isBreak(index), bytes[index] != UInt8(ascii: "#") {
                while true {
                    if index == start, bytes.count - index >= 3, bytes[index..<(index + 3)].allSatisfy({ $0 == UInt8(ascii: "-") }) || bytes[index..<(index + 3)].allSatisfy({ $0 == UInt8(ascii: ".") }) {
                        index += 3
                    } else if index < bytes.count, [UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":")].contains(bytes[index]),
                              isBreak(index + 1) || bytes[index + 1] == space {
                        index += 1
                    } else {
                        break
                    }
                    while index < bytes.count, bytes[index] == space { index += 1 }
                }
                deepest = max(deepest, 2 * (index - start + 1))
            }
            while index < bytes.count, bytes[index] != newline { index += 1 }
            start = index + 1
        }
        return deepest + flows <= maximumDepth
    }

    private static func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        anchor.map { String(cString: $0) }
    }
}
