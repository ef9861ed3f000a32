/// A shell-command metric measured both ways, as the command and as its native rewrite, before `config migrate` offered the rewrite.
public struct MigrationProof: Hashable, Sendable {
    /// What the two measurements showed.
    public enum Outcome: UInt8, Hashable, Sendable, CustomStringConvertible {
        /// Both gave the same value (floats equal at the metric's precision).
        case proven = 1
        /// The values differ, or the native source failed where the command did not.
        case differs = 2
        /// The command could not run here, so nothing was compared.
        case unproven = 3

        public var description: String {
            switch self {
            case .proven: "proven"
            case .differs: "differs"
            case .unproven: "unproven"
            }
        }
    }

    public var metric: MetricPath
    public var command: String
    /// The native keys in YAML flow style: `{source: files, paths: ., include: "*.py"}`.
    public var native: String
    public var original: ProbeResult
    public var rewritten: ProbeResult
    public var outcome: Outcome
    /// Whether `config migrate --write` put the native keys in the config.
    public var written: Bool

    public init(metric: MetricPath, command: String, native: String, original: ProbeResult, rewritten: ProbeResult, outcome: Outcome, written: Bool) {
        self.metric = metric
        self.command = command
        self.native = native
        self.original = original
        self.rewritten = rewritten
        self.outcome = outcome
        self.written = written
    }
}
