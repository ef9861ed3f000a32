/// `inventory/config.yaml`: the metrics and how they are verified and cached.
public struct InventoryConfig: Sendable {
    public var version: String
    public var thresholds: Thresholds
    public var cache: CacheSettings
    /// Every metric in config order, enabled or not.
    public var metrics: [MetricSpec]
    /// Top-level sections dims reads but does not act on yet, with whether each says it is enabled.
    public var inactiveSections: [String]
    /// `features:` as written.
    public var features: [(name: String, enabled: Bool)]
    /// `database.retention`: days of history kept live and daily snapshot files kept.
    public var historyDays: Int
    public var snapshotsDaily: Int
    /// `approval:`: which baseline moves wait for a person's approval.
    public var approval = ApprovalSettings()
    /// Every top-level section as written, for settings a module reads itself (e.g. `s3:`).
    public var sections: [String: ConfigValue] = [:]
    /// `alerts:`: the channels alerts go to.
    public var alerts = AlertSettings()
    /// `events:`: the hooks that measure when something happens.
    public var events = EventSettings()

    public init(version: String = "1.0.0", thresholds: Thresholds = Thresholds(), cache: CacheSettings = CacheSettings(),
                metrics: [MetricSpec] = [], inactiveSections: [String] = [], features: [(name: String, enabled: Bool)] = [],
                historyDays: Int = 365, snapshotsDaily: Int = 90) {
        self.version = version
        self.thresholds = thresholds
        self.cache = cache
        self.metrics = metrics
        self.inactiveSections = inactiveSections
        self.features = features
        self.historyDays = historyDays
        self.snapshotsDaily = snapshotsDaily
    }

    public var enabledMetrics: [MetricSpec] { metrics.filter(\.enabled) }

    /// Whether readings carry their breakdown by top-level prefix or folder: yes unless `features: {breakdowns: false}`.
    public var wantsBreakdowns: Bool { !features.contains { $0.name == "breakdowns" && !$0.enabled } }

    public func spec(_ path: MetricPath) -> MetricSpec? { metrics.first { $0.path == path } }
}

/// `cache:` of the config: whether slow measurements are cached, and for how long.
public struct CacheSettings: Hashable, Sendable {
    public var enabled: Bool
    public var defaultTTLHours: Double
    /// TTLs by metric name or full path.
    public var ttlOverrides: [String: Double]
    /// The original's `cache_dir`, reported by `cache info` for orientation only.
    public var cacheDir: String

    public init(enabled: Bool = true, defaultTTLHours: Double = 24, ttlOverrides: [String: Double] = [:], cacheDir: String = "inventory/cache") {
        self.enabled = enabled
        self.defaultTTLHours = defaultTTLHours
        self.ttlOverrides = ttlOverrides
        self.cacheDir = cacheDir
    }

    /// The TTL for a metric: its full path's override, then its name's, then the default.
    public func ttlHours(for path: MetricPath) -> Double {
        ttlOverrides[path.rawValue] ?? ttlOverrides[path.name] ?? ttlOverrides[path.category] ?? defaultTTLHours
    }
}
