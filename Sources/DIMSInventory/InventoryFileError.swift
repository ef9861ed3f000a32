/// A problem with an inventory file, naming the file and, when known, the line and key.
public struct InventoryFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        /// The file does not exist.
        case notFound
        /// The file exists but could not be read or decoded.
        case unreadable
        /// The file is not valid YAML.
        case syntax
        /// The YAML is valid but a key has the wrong type or value.
        case invalid
        /// The file could not be written.
        case unwritable
        /// The file holds unresolved git merge conflict markers.
        case conflict
    }

    public let code: Code
    public let message: String
    /// The file as it was named to the reader or writer.
    public let file: String
    /// The 1-based line of the problem, when it has one.
    public let line: Int?
    /// The dotted key of the problem (`metrics.code_base.python_files.parse_type`), when it has one.
    public let key: String?

    public var description: String { message }

    init(_ code: Code, file: String, line: Int? = nil, key: String? = nil, _ text: String) {
        self.code = code
        self.file = file
        self.line = line
        self.key = key
        self.message = line.map { "\(file):\($0): \(text)" } ?? "\(file): \(text)"
    }
}
