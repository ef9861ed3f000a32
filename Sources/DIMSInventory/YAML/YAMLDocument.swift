public import DIMSCore

/// Any YAML file (such as `inventory/config.yaml`) as an ordered tree that rewrites with unchanged entries kept byte for byte.
///
/// `dims config migrate` uses it to replace a metric's keys while every comment and untouched line stays as written.
public struct YAMLDocument: Sendable {
    /// The top-level keys in file order.
    public var root: [(key: String, value: ConfigValue)]
    var layout: SourceLayout?

    public init(root: [(key: String, value: ConfigValue)] = []) {
        self.root = root
    }

    /// Reads YAML text whose top level is a map; `file` names it in errors.
    public init(text: String, file: String) throws(InventoryFileError) {
        root = []
        guard let node = try YAMLReader.parse(text, file: file) else { return }
        guard let entries = node.entries else {
            throw InventoryFileError(.invalid, file: file, line: node.line, "The file must be a map, not \(node.shape)")
        }
        root = entries.map { (key: $0.key, value: $0.node.value) }
        layout = SourceLayout(text: text, root: node)
    }

    /// Reads the file at `path`; errors name the file `name`, or `path`.
    public static func read(path: String, naming name: String? = nil) throws(InventoryFileError) -> YAMLDocument {
        try YAMLDocument(text: try InventoryFile.read(path, naming: name), file: name ?? path)
    }

    /// Writes the document to `path` atomically.
    public func write(to path: String) throws(InventoryFileError) {
        try InventoryFile.write(text, to: path)
    }

    /// The value at a key path (`["metrics", "code_base", "python_files"]`); setting one creates the maps on the way,
    /// appending new keys, and setting nil removes the key.
    public subscript(path: [String]) -> ConfigValue? {
        get {
            guard let first = path.first else { return .map(root) }
            return path.dropFirst().reduce(ConfigValue.map(root)[first]) { value, key in value?[key] }
        }
        set {
            guard !path.isEmpty else { return }
            var value = ConfigValue.map(root)
            value.set(path[...], to: newValue)
            root = value.entries ?? []
        }
    }

    /// The document as YAML text.
    public var text: String {
        layout?.render(root) ?? SourceLayout.render(root)
    }
}

extension ConfigValue {
    /// Sets the value at `path` inside maps, creating maps for missing keys.
    mutating func set(_ path: ArraySlice<String>, to newValue: ConfigValue?) {
        guard let key = path.first else { return }
        var entries = self.entries ?? []
        let index = entries.firstIndex { $0.key == key }
        if path.count == 1 {
            ConfigValue.set(key, to: newValue, in: &entries)
        } else {
            var child = index.map { entries[$0].value } ?? .map([])
            if child.entries == nil { child = .map([]) }
            child.set(path.dropFirst(), to: newValue)
            if let index { entries[index].value = child } else { entries.append((key: key, value: child)) }
        }
        self = .map(entries)
    }
}
