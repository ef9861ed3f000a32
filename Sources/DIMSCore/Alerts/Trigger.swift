/// An event hook that ran: what asked for it, and the metrics it measured.
public struct Trigger: Hashable, Sendable {
    /// The event type asked for (`post-commit`, `cron`, a hook's name, ...).
    public var type: String
    /// Who asked (`git-commit`, `cron`, a scraper's name); empty when not given.
    public var source: String
    /// The hooks that matched, by name.
    public var hooks: [String]
    public var metrics: [MetricPath]
    /// How many of `metrics` were measured, and how many failed.
    public var measured: Int
    public var failed: Int

    public init(type: String, source: String, hooks: [String], metrics: [MetricPath], measured: Int, failed: Int) {
        self.type = type
        self.source = source
        self.hooks = hooks
        self.metrics = metrics
        self.measured = measured
        self.failed = failed
    }
}
