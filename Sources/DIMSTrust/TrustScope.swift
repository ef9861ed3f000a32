public import DIMSCore

/// What in a project's config reaches beyond measuring the project itself: the commands it runs, the endpoints it
/// sends the user's credentials to, and the paths it reads outside the project root.
///
/// A config whose scope is empty needs no trust. Otherwise the user's trust store must hold the scope's
/// fingerprint for this project; a change to any of these parts changes the fingerprint and needs trust again.
public struct TrustScope: Sendable {
    /// One thing the config asks for.
    public struct Item: Hashable, Sendable {
        public enum Kind: String, Sendable { case command, endpoint, outsidePath = "path", alertURL = "alert", database }
        public var kind: Kind
        /// The metric that asks for it; nil for a setting of the whole config (the `s3:` section's endpoint).
        public var metric: MetricPath?
        public var text: String

        public init(kind: Kind, metric: MetricPath?, text: String) {
            self.kind = kind
            self.metric = metric
            self.text = text
        }

        /// `runs the command 'wc -l *.py'`.
        public var summary: String {
            switch kind {
            case .command: "runs the command '\(text)'"
            case .endpoint: "sends your S3 credentials to the endpoint '\(text)'"
            case .outsidePath: "reads '\(text)', outside the project"
            case .alertURL: "sends alerts to '\(text)'"
            case .database: "sends your database login to the team log at '\(text)'"
            }
        }
    }

    public var items: [Item]

    /// The scope of `config` for the project at `root`; `home` expands `~` as the file sources do.
    public init(config: InventoryConfig, root: String, home: String?) {
        let confinement = Confinement(root: root)
        var items: [Item] = []
        if let endpoint = config.sections["s3"]?["endpoint"]?.string, !endpoint.isEmpty {
            items.append(Item(kind: .endpoint, metric: nil, text: endpoint))
        }
        for spec in config.metrics {
            if spec.source == .command, let command = spec["command"]?.string {
                items.append(Item(kind: .command, metric: spec.path, text: command))
            }
            if spec.source == .s3, let endpoint = spec["endpoint"]?.string, !endpoint.isEmpty {
                items.append(Item(kind: .endpoint, metric: spec.path, text: endpoint))
            }
            if SourceKind.fileSystem.contains(spec.source) {
                var paths = (spec["paths"] ?? spec["path"])?.strings ?? []
                for set in spec["sets"]?.list ?? [] { paths += (set["paths"] ?? set["path"])?.strings ?? [] }
                for path in paths {
                    let expanded = home.map { home in path == "~" || path.hasPrefix("~/") ? home + path.dropFirst() : path } ?? path
                    if !confinement.contains(expanded) { items.append(Item(kind: .outsidePath, metric: spec.path, text: path)) }
                }
            }
        }
        for channel in config.alerts.channels {
            guard let text = channel.trustText else { continue }
            items.append(Item(kind: channel.kind == .command ? .command : .alertURL, metric: nil, text: text))
        }
        if let server = TrustScope.teamLogServer(config) { items.append(Item(kind: .database, metric: nil, text: server)) }
        self.items = items
    }

    /// The team log's server as the config writes it (`host:port/database`), when the team log is on and the host is
    /// the repository's choice; nil when it is off or the host is one `${VAR}` (the user's environment chooses it).
    ///
    /// Connecting sends the user's login (from the environment) to that server, as an S3 endpoint receives their keys.
    public static func teamLogServer(_ config: InventoryConfig) -> String? {
        guard let section = config.sections["database"], let connection = section["connection"],
              section["enabled"]?.bool ?? config.features.first(where: { $0.name == "database_backend" })?.enabled ?? false,
              let host = connection["host"]?.string, !host.isEmpty else { return nil }
        if host.hasPrefix("${"), host.hasSuffix("}"), !host.dropFirst(2).dropLast().contains(where: { "${}".contains($0) }) { return nil }
        let port = connection["port"]?.string ?? "5432"
        return "\(host):\(port)/\(connection["database"]?.string ?? "dims")"
    }

    public var isEmpty: Bool { items.isEmpty }

    /// A SHA-256 of every item, in config order.
    public var fingerprint: String {
        SHA256.hex(items.map { "\($0.kind.rawValue)\t\($0.metric?.rawValue ?? "")\t\($0.text)\n" }.joined())
    }

    /// What measuring `spec` needs trust for, or nil when it needs none.
    public func needs(_ spec: MetricSpec) -> Item? {
        items.first { $0.metric == spec.path } ?? (spec.source == .s3 ? items.first { $0.kind == .endpoint && $0.metric == nil } : nil)
    }

    /// The end of every message about a project that is not trusted: what to do about it.
    public static let hint = "review it with 'dims trust --show' and allow it with 'dims trust' (or DIMS_TRUST=1)"

    /// The failure of a metric that needs trust the project does not have.
    public static func refusal(_ item: Item) -> String {
        "Not trusted: this metric \(item.summary); \(hint)"
    }
}
