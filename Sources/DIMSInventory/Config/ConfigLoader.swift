public import DIMSCore

/// Reads `inventory/config.yaml` in the original system's format.
public enum ConfigLoader {
    /// Top-level sections of the original that dims reads but does not act on.
    static let inactive: Set<String> = ["outputs", "logging"]

    /// Reads and checks the config file at `path`. Errors name the file `name` (`inventory/config.yaml`), or `path`.
    public static func load(from path: String, naming name: String? = nil) throws(InventoryFileError) -> InventoryConfig {
        try parse(try InventoryFile.read(path, naming: name, limit: maximumBytes), file: name ?? path)
    }

    /// The largest config file read, in bytes.
    public static let maximumBytes = 1 << 20

    /// Reads and checks config text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(InventoryFileError) -> InventoryConfig {
        var config = InventoryConfig()
        guard let root = try YAMLReader.parse(text, file: file) else { return config }
        let reader = ConfigReader(file: file)
        guard let sections = root.entries else {
            throw reader.error(root.line, "", "The config must be a map of sections, not \(root.shape)")
        }
        var lists = VolatilityLists()
        var metrics: YAMLEntry?
        for section in sections {
            config.sections[section.key] = section.node.value
            if inactive.contains(section.key) { config.inactiveSections.append(section.key) }
            switch section.key {
            case "version":
                config.version = try reader.string(section, key: "version") ?? config.version
            case "features":
                for feature in try reader.map(section, key: "features") {
                    let enabled = try reader.bool(feature, key: "features.\(feature.key)") ?? false
                    config.features.append((name: feature.key, enabled: enabled))
                }
            case "cache":
                config.cache = try cache(section, reader: reader)
            case "verification":
                try verification(section, reader: reader, into: &config, lists: &lists)
            case "database":
                try retention(section, reader: reader, into: &config)
            case "approval":
                config.approval = try approval(section, reader: reader)
            case "metrics":
                metrics = section
            case "alerts":
                config.alerts = try alerts(section, reader: reader)
            case "events":
                config.events = try events(section, reader: reader)
            default:
                continue
            }
        }
        if let metrics { config.metrics = try Self.metrics(metrics, lists: lists, reader: reader) }
        if config.features.contains(where: { $0.name == "approval_workflow" && !$0.enabled }) { config.approval.enabled = false }
        return config
    }

    private static func cache(_ section: YAMLEntry, reader: ConfigReader) throws(InventoryFileError) -> CacheSettings {
        var cache = CacheSettings()
        for entry in try reader.map(section, key: "cache") {
            let key = "cache.\(entry.key)"
            switch entry.key {
            case "enabled": cache.enabled = try reader.bool(entry, key: key) ?? cache.enabled
            case "default_ttl_hours": cache.defaultTTLHours = try positive(entry, key: key, reader: reader) ?? cache.defaultTTLHours
            case "cache_dir": cache.cacheDir = try reader.string(entry, key: key) ?? cache.cacheDir
            case "ttl_overrides":
                for override in try reader.map(entry, key: key) {
                    cache.ttlOverrides[override.key] = try positive(override, key: "\(key).\(override.key)", reader: reader, orZero: true)
                }
            default: continue
            }
        }
        return cache
    }

    private static func verification(_ section: YAMLEntry, reader: ConfigReader, into config: inout InventoryConfig,
                                     lists: inout VolatilityLists) throws(InventoryFileError) {
        for entry in try reader.map(section, key: "verification") {
            let key = "verification.\(entry.key)"
            switch entry.key {
            case "thresholds": config.thresholds = try thresholds(entry, reader: reader)
            case "stable_metrics": lists.stable = try reader.strings(entry, key: key)
            case "volatile_metrics": lists.volatile = try reader.strings(entry, key: key)
            default: continue
            }
        }
    }

    private static func thresholds(_ section: YAMLEntry, reader: ConfigReader) throws(InventoryFileError) -> Thresholds {
        var thresholds = Thresholds()
        var lines: [String: Int] = [:]
        for entry in try reader.map(section, key: "verification.thresholds") {
            let key = "verification.thresholds.\(entry.key)"
            lines[entry.key] = entry.line
            switch entry.key {
            case "minor_drift_pct": thresholds.minor = try positive(entry, key: key, reader: reader) ?? thresholds.minor
            case "moderate_drift_pct": thresholds.moderate = try positive(entry, key: key, reader: reader) ?? thresholds.moderate
            case "major_drift_pct": thresholds.major = try positive(entry, key: key, reader: reader) ?? thresholds.major
            default: continue
            }
        }
        let steps = [("minor_drift_pct", thresholds.minor), ("moderate_drift_pct", thresholds.moderate), ("major_drift_pct", thresholds.major)]
        for (lower, upper) in zip(steps, steps.dropFirst()) where upper.1 <= lower.1 {
            let line = lines[upper.0] ?? lines[lower.0] ?? section.line
            throw reader.error(line, "verification.thresholds.\(upper.0)",
                               "'verification.thresholds.\(upper.0)' (\(Value.shortText(upper.1))) must be greater than "
                                   + "'\(lower.0)' (\(Value.shortText(lower.1)))")
        }
        return thresholds
    }

    private static func retention(_ section: YAMLEntry, reader: ConfigReader, into config: inout InventoryConfig) throws(InventoryFileError) {
        guard let retention = try reader.map(section, key: "database").first(where: { $0.key == "retention" }) else { return }
        for entry in try reader.map(retention, key: "database.retention") {
            let key = "database.retention.\(entry.key)"
            switch entry.key {
            case "history_days": config.historyDays = try reader.integer(entry, key: key, minimum: 1) ?? config.historyDays
            case "snapshots_daily": config.snapshotsDaily = try reader.integer(entry, key: key) ?? config.snapshotsDaily
            default: continue
            }
        }
    }

    static func positive(_ entry: YAMLEntry, key: String, reader: ConfigReader, orZero: Bool = false) throws(InventoryFileError) -> Double? {
        guard let number = try reader.number(entry, key: key) else { return nil }
        guard number > 0 || orZero && number == 0 else {
            throw reader.error(entry.line, key, "'\(key)' must be a \(orZero ? "positive number or 0" : "positive number"), not \(entry.node.shape)")
        }
        return number
    }
}
