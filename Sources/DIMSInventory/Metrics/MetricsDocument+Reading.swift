import DIMSCore
import Foundation

extension MetricsDocument {
    /// Reads a document from its text; `file` names it in errors.
    public init(text: String, file: String) throws(InventoryFileError) {
        self.init()
        try Self.checkConflicts(text, file: file)
        guard let root = try YAMLReader.parse(text, file: file) else { return }
        guard let entries = root.entries else {
            throw InventoryFileError(.invalid, file: file, line: root.line, "The file must be a map of categories, not \(root.shape)")
        }
        for (index, entry) in entries.enumerated() {
            if entry.key == "metadata" {
                if case .scalar(.null) = entry.node.kind {
                    metadata = []
                } else if case .map(let fields) = entry.node.kind {
                    metadata = fields.map { (key: $0.key, value: $0.node.value) }
                } else {
                    throw InventoryFileError(.invalid, file: file, line: entry.line, key: "metadata",
                                             "'metadata' must be a map, not \(entry.node.shape)")
                }
                metadataPosition = index
            } else {
                categories.append(try Self.category(entry, file: file))
            }
        }
        layout = SourceLayout(text: text, root: root)
    }

    /// Reads the document at `path`; nil when there is no file there. Errors name the file `name`, or `path`.
    public static func read(path: String, naming name: String? = nil) throws(InventoryFileError) -> MetricsDocument? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try MetricsDocument(text: try InventoryFile.read(path, naming: name), file: name ?? path)
    }

    /// Writes the document to `path` atomically: a temporary file in the same folder, synced, then renamed.
    public func write(to path: String) throws(InventoryFileError) {
        try InventoryFile.write(text, to: path)
    }

    /// A merge left `<<<<<<<`, `=======` and `>>>>>>>` lines: named before YAML would misread them.
    static func checkConflicts(_ text: String, file: String) throws(InventoryFileError) {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.hasPrefix("<<<<<<<") || line.hasPrefix(">>>>>>>") || line.hasPrefix("|||||||") || line == "=======" {
            throw InventoryFileError(.conflict, file: file, line: index + 1,
                                     "Unresolved git merge conflict ('\(line.prefix(7))'): resolve it (keep one side of each conflict) and commit, or run 'dims update' to rebuild the file from the log")
        }
    }

    private static func category(_ entry: YAMLEntry, file: String) throws(InventoryFileError) -> MetricCategory {
        guard case .map(let metrics) = entry.node.kind else {
            throw InventoryFileError(.invalid, file: file, line: entry.line, key: entry.key,
                                     "Category '\(entry.key)' must be a map of metrics, not \(entry.node.shape)")
        }
        var category = MetricCategory(name: entry.key)
        for metric in metrics {
            let key = "\(entry.key).\(metric.key)"
            guard case .map(let fields) = metric.node.kind else {
                throw InventoryFileError(.invalid, file: file, line: metric.line, key: key,
                                         "Metric '\(key)' must be a map with a 'value', not \(metric.node.shape)")
            }
            for field in fields {
                try check(field, key: "\(key).\(field.key)", file: file)
            }
            category.metrics.append((name: metric.key, entry: MetricEntry(fields: fields.map { (key: $0.key, value: $0.node.value) })))
        }
        return category
    }

    private static func check(_ field: YAMLEntry, key: String, file: String) throws(InventoryFileError) {
        switch field.key {
        case "value":
            guard field.node.scalar != nil else {
                throw InventoryFileError(.invalid, file: file, line: field.line, key: key,
                                         "'\(key)' must be a number, text or boolean, not \(field.node.shape)")
            }
        case "last_verified":
            if let value = field.node.scalar, value == .null || value.string.flatMap(Timestamp.parse) != nil { return }
            throw InventoryFileError(.invalid, file: file, line: field.line, key: key,
                                     "'\(key)' must be a time like '2025-10-22T14:03:11.123456', not \(field.node.shape)")
        default:
            return
        }
    }
}
