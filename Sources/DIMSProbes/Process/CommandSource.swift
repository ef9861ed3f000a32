public import DIMSCore
import DIMSSystem
import Foundation

/// Measures `command` metrics: runs each shell command with `/bin/sh -c` from the project root and parses what it prints;
/// a simple pipeline (`DirectPipeline`) runs without the shell, to the same output and status.
///
/// A non-zero exit, a timeout (option `timeout`, 30 seconds by default) or output that does not parse as the
/// metric's `parse_type` is a failure carrying the exit status and the first lines of standard error.
///
/// A command's environment is the user's, without dims's own `DIMS_*` variables, with `DIMS_ROOT` set to the
/// project root; its standard input is `/dev/null`; at its deadline its whole process group is killed.
public struct CommandSource: MetricSource {
    public var kinds: Set<SourceKind> { [.command] }
    /// How many commands run at once.
    public var concurrency: Int

    public init(concurrency: Int = 4) {
        self.concurrency = max(1, concurrency)
    }

    public func measure(_ specs: [MetricSpec], context: ProbeContext) async -> [MetricPath: ProbeResult] {
        await Concurrently.map(specs, limit: concurrency) { spec in
            await BlockingPool.shared.run { CommandSource.measure(spec, context: context) }
        }
    }

    /// Runs one command metric to its result.
    static func measure(_ spec: MetricSpec, context: ProbeContext) -> ProbeResult {
        guard let command = spec.options["command"]?.string else {
            return .failure("Metric '\(spec.path)' has no 'command'")
        }
        let timeout = spec.options["timeout"]?.double ?? 30
        let environment = environment(for: context)
        // A simple pipeline runs without the shell, as the shell would run it (`DirectPipeline`).
        let direct = DirectPipeline(command).flatMap {
            Subprocess(pipeline: $0, directory: context.root, environment: environment, timeout: timeout)
        }
        let process = direct ?? Subprocess(arguments: ["/bin/sh", "-c", command], directory: context.root,
                                           environment: environment, timeout: timeout)
        do throws(ProbeError) {
            let outcome = try process.run()
            return result(of: outcome, spec: spec, timeout: timeout, what: "Command")
        } catch {
            return .failure(error.message)
        }
    }

    /// The environment a command runs in: the user's, without `DIMS_*`, with `DIMS_ROOT`.
    static func environment(for context: ProbeContext) -> [String: String] {
        var environment = context.environment.filter { !$0.key.hasPrefix("DIMS_") }
        environment["DIMS_ROOT"] = context.root
        return environment
    }

    /// The metric's result from a finished run: its parsed output, or why there is none.
    static func result(of outcome: Subprocess.Outcome, spec: MetricSpec, timeout: Double, what: String) -> ProbeResult {
        let stderr = outcome.errorLines()
        let detail = stderr.isEmpty ? "" : ": \(stderr)"
        if outcome.timedOut {
            return .failure(ProbeError(code: .commandTimedOut, message: "\(what) timed out after \(Value.shortText(timeout)) s\(detail)").message)
        }
        guard outcome.status == 0 else {
            return .failure(ProbeError(code: .commandFailed, message: "\(what) exited with status \(outcome.status)\(detail)").message)
        }
        let text = outcome.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let value = spec.parseType.parse(text, precision: spec.precision) else {
            let shown = text.count > 80 ? String(text.prefix(80)) + "…" : text
            return .failure(ProbeError(code: .unparsableOutput, message: "\(what) printed '\(shown)', which is not a valid \(spec.parseType.rawValue)\(detail)").message)
        }
        return .value(value)
    }
}
