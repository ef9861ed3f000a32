/// A value from the config file: the shape YAML gives, kept as written.
public indirect enum ConfigValue: Hashable, Sendable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    case list([ConfigValue])
    case map([(key: String, value: ConfigValue)])
    case null

    public var string: String? {
        switch self {
        case .string(let s): s
        case .integer(let i): String(i)
        case .float(let f): String(f)
        case .boolean(let b): b ? "true" : "false"
        default: nil
        }
    }
    public var integer: Int64? {
        switch self {
        case .integer(let i): i
        case .float(let f) where f == f.rounded(): Int64(f)
        case .string(let s): Int64(s)
        default: nil
        }
    }
    public var double: Double? {
        switch self {
        case .integer(let i): Double(i)
        case .float(let f): f
        case .string(let s): Double(s)
        default: nil
        }
    }
    public var bool: Bool? {
        switch self {
        case .boolean(let b): b
        case .string(let s): ["true", "yes", "on"].contains(s.lowercased()) ? true : (["false", "no", "off"].contains(s.lowercased()) ? false : nil)
        default: nil
        }
    }
    public var list: [ConfigValue]? {
        if case .list(let items) = self { return items }
        return nil
    }
    /// A list of strings, or a single scalar as a list of one (`paths: 5` is the path `5`).
    public var strings: [String]? {
        if let s = string { return [s] }
        return list?.compactMap(\.string)
    }
    public var entries: [(key: String, value: ConfigValue)]? {
        if case .map(let entries) = self { return entries }
        return nil
    }
    public subscript(key: String) -> ConfigValue? {
        entries.flatMap { ConfigValue.value(key, in: $0) }
    }

    /// The value of `key` in a map's entries (the first, should the key appear twice).
    public static func value(_ key: String, in entries: [(key: String, value: ConfigValue)]) -> ConfigValue? {
        entries.first { $0.key == key }?.value
    }

    /// Sets `key` in a map's entries in place, keeping their order: nil removes it, a new key goes last.
    public static func set(_ key: String, to newValue: ConfigValue?, in entries: inout [(key: String, value: ConfigValue)]) {
        let index = entries.firstIndex { $0.key == key }
        switch (index, newValue) {
        case (let index?, let value?): entries[index].value = value
        case (let index?, nil): entries.remove(at: index)
        case (nil, let value?): entries.append((key: key, value: value))
        case (nil, nil): break
        }
    }

    public static func == (lhs: ConfigValue, rhs: ConfigValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.float(let a), .float(let b)): a == b
        case (.boolean(let a), .boolean(let b)): a == b
        case (.list(let a), .list(let b)): a == b
        case (.map(let a), .map(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.null, .null): true
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .string(let s): hasher.combine(s)
        case .integer(let i): hasher.combine(i)
        case .float(let f): hasher.combine(f)
        case .boolean(let b): hasher.combine(b)
        case .list(let l): hasher.combine(l)
        case .map(let m): for (k, v) in m { hasher.combine(k); hasher.combine(v) }
        case .null: hasher.combine(0)
        }
    }
}

/// One metric as the config defines it: where its value comes from and how to read it.
public struct MetricSpec: Hashable, Sendable {
    public var path: MetricPath
    /// Where the value comes from.
    public var source: SourceKind
    /// Every key of the metric's config map, as written (`command`, `include`, `bucket`, ...).
    public var options: [String: ConfigValue]
    public var parseType: ParseType
    public var precision: Int?
    public var volatility: Volatility
    public var description: String
    public var enabled: Bool
    /// The line of the metric's key in the config file, for error messages.
    public var line: Int?

    public init(path: MetricPath, source: SourceKind, options: [String: ConfigValue] = [:], parseType: ParseType = .integer,
                precision: Int? = nil, volatility: Volatility = .volatile, description: String = "", enabled: Bool = true, line: Int? = nil) {
        self.path = path
        self.source = source
        self.options = options
        self.parseType = parseType
        self.precision = precision
        self.volatility = volatility
        self.description = description
        self.enabled = enabled
        self.line = line
    }

    public subscript(option: String) -> ConfigValue? { options[option] }
}

/// What measuring one metric gave: a value, or the reason it could not be measured.
public enum ProbeResult: Hashable, Sendable {
    case value(Value)
    case failure(String)
}

/// A kind of metric source: measures every metric of its kinds in one run, sharing work between them.
public protocol MetricSource: Sendable {
    /// The sources this one measures.
    var kinds: Set<SourceKind> { get }
    /// Measures `specs` (all of this source's kinds) under `root`; one result per spec.
    func measure(_ specs: [MetricSpec], context: ProbeContext) async -> [MetricPath: ProbeResult]
}

/// What a source needs to know about the run.
public struct ProbeContext: Sendable {
    /// The project root: the folder that holds `inventory/`.
    public var root: String
    public var environment: [String: String]
    public var clock: any Clock
    /// Called with a line of progress for a terminal; may be called from any thread.
    public var progress: @Sendable (String) -> Void
    /// What sources keep between runs (e.g. git's commit times by ref state), or nil when caching is off.
    public var cache: SourceCache?
    /// Whether file sources must stay inside `root` (symbolic links included): the project is not trusted to read outside it.
    public var confined = false
    /// Where sources that see every key or file leave each reading's breakdown by top-level prefix or folder; nil: none wanted.
    public var breakdowns: BreakdownSink?

    public init(root: String, environment: [String: String], clock: any Clock, cache: SourceCache? = nil,
                progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.root = root
        self.environment = environment
        self.clock = clock
        self.cache = cache
        self.progress = progress
    }
}

/// A shell command of an original config that a native source can replace exactly.
public struct RecognizedCommand: Hashable, Sendable {
    /// The metric's new keys in order, starting with `source`; they replace `command`.
    public var options: [(key: String, value: ConfigValue)]
    /// What a person should know about the rewrite (e.g. "the original only saw the first 1,000 keys").
    public var notes: [String]
    /// For a `formula` rewrite: the native measures its `$0`, `$1`, … stand for, which the config's metrics must provide.
    public var inputs: [[(key: String, value: ConfigValue)]]

    public init(options: [(key: String, value: ConfigValue)], notes: [String] = [], inputs: [[(key: String, value: ConfigValue)]] = []) {
        self.options = options
        self.notes = notes
        self.inputs = inputs
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        ConfigValue.map(lhs.options) == ConfigValue.map(rhs.options) && lhs.notes == rhs.notes
            && lhs.inputs.map(ConfigValue.map) == rhs.inputs.map(ConfigValue.map)
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(ConfigValue.map(options)); hasher.combine(notes) }
}

/// Recognises one family of shell commands (`find | wc -l`, `aws s3 ls`, ...) for `dims config migrate`.
public protocol CommandRecognizer: Sendable {
    /// The native equivalent of `command`, or nil when this recognizer does not map it exactly.
    func recognize(_ command: String) -> RecognizedCommand?
}
