/// Everything a report shows: each metric's state now, its verdict, and its series. Built by the tool, rendered by `DIMSReports`.
public struct InventoryReport: Hashable, Sendable {
    public var title: String
    /// When the report was made.
    public var generated: Timestamp
    public var root: String
    public var rows: [Row]
    /// Requests awaiting a person's approval, oldest first.
    public var approvals: [ApprovalRecord] = []
    /// Events in the log by kind, when the report carries them (the Prometheus text counts them).
    public var eventsByKind: [String: Int] = [:]
    /// What the metrics' facts suggest doing (`dims recommend`).
    public var recommendations: [Recommendation] = []

    public init(title: String = "DIMS Metrics Report", generated: Timestamp, root: String, rows: [Row]) {
        self.title = title
        self.generated = generated
        self.root = root
        self.rows = rows
    }

    /// One metric of the report.
    public struct Row: Hashable, Sendable {
        public var metric: MetricPath
        public var description: String
        public var volatility: Volatility
        /// The latest value measured; nil when none was ever measured or the latest attempt failed.
        public var value: Value?
        public var measured: Timestamp?
        public var baseline: Value?
        public var baselineSet: Timestamp?
        public var verdict: Verdict
        public var severity: Severity
        /// Measured points, oldest first (at most one per day).
        public var series: [Point]
        /// Whether `value` is a reading `dims backfill` measured at a past commit.
        public var valueBackfilled = false
        /// The seqs of the `series` points `dims backfill` measured at past commits.
        public var backfilled: Set<UInt64> = []

        public init(metric: MetricPath, description: String, volatility: Volatility, value: Value?, measured: Timestamp?,
                    baseline: Value?, baselineSet: Timestamp?, verdict: Verdict, severity: Severity, series: [Point]) {
            self.metric = metric
            self.description = description
            self.volatility = volatility
            self.value = value
            self.measured = measured
            self.baseline = baseline
            self.baselineSet = baselineSet
            self.verdict = verdict
            self.severity = severity
            self.series = series
        }
    }
}
