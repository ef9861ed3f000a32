/// Where a metric's value comes from: the `source:` of its config (`command` for a metric with only a `command:`).
public enum SourceKind: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case command, files, lines, bytes, grep, age, git, s3, formula

    public var description: String { rawValue }

    /// The sources one walk of the file system measures (and a commit's tree, for `dims backfill`).
    public static let fileSystem: Set<SourceKind> = [.files, .lines, .bytes, .grep, .age]
}

/// What produced a reading or a failure: one of the config's sources, the committed files, or `dims backfill`.
///
/// Written to the log as its raw value; a name this build does not know (a newer build's) is kept as read.
public enum ReadingSource: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    case source(SourceKind)
    /// Read from `metrics.yaml` or a snapshot file (`import`).
    case imported
    /// Measured at a past commit from git's objects (`backfill`).
    case backfill
    case unknown(String)

    public init(rawValue: String) {
        switch rawValue {
        case "import": self = .imported
        case "backfill": self = .backfill
        default: self = SourceKind(rawValue: rawValue).map(ReadingSource.source) ?? .unknown(rawValue)
        }
    }

    public init(stringLiteral value: String) { self.init(rawValue: value) }

    public var rawValue: String {
        switch self {
        case .source(let kind): kind.rawValue
        case .imported: "import"
        case .backfill: "backfill"
        case .unknown(let name): name
        }
    }

    public var description: String { rawValue }
}
