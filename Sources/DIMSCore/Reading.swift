/// One measured value of a metric.
public struct Reading: Hashable, Sendable {
    public var metric: MetricPath
    public var value: Value
    /// What produced it: a config source (`files`, `command`, `s3`, ...), `import` or `backfill`.
    public var source: ReadingSource
    /// How long the measurement took, in microseconds.
    public var durationMicros: UInt64
    /// Whether the value came from the cache rather than a fresh measurement.
    public var fromCache: Bool
    /// The commit a backfilled reading measured (source `backfill`), from git's objects; nil for a live reading.
    public var commit: String?

    public init(metric: MetricPath, value: Value, source: ReadingSource, durationMicros: UInt64 = 0, fromCache: Bool = false, commit: String? = nil) {
        self.metric = metric
        self.value = value
        self.source = source
        self.durationMicros = durationMicros
        self.fromCache = fromCache
        self.commit = commit
    }

    /// Whether `dims backfill` measured this reading at a past commit.
    public var isBackfilled: Bool { commit != nil }
}

/// A measurement that could not be made, and why.
public struct Failure: Hashable, Sendable {
    public var metric: MetricPath
    public var source: ReadingSource
    public var reason: String

    public init(metric: MetricPath, source: ReadingSource, reason: String) {
        self.metric = metric
        self.source = source
        self.reason = reason
    }
}
