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

    private static func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        anchor.map { String(cString: $0) }
    }
}
