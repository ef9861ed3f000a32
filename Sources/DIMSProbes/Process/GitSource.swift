public import DIMSCore
import DIMSSystem
import Foundation

/// Measures `git` metrics by running the git binary in the project root.
///
/// `measure: commits` (the default) counts commits with `git rev-list --count`, filtered by `since`, `until`,
/// `grep` (with `ignore_case`), `author`, `all` and `paths`; `grep_scope: oneline` instead counts the lines of
/// `git log --oneline` that match `grep`, as `git log --oneline | grep -i X | wc -l` does.
/// `measure: latest_age_hours` or `latest_age_days` gives the age of the newest such commit.
/// With a cache in the context, results come from it while the refs stay the same (`GitSource+Cache.swift`).
public struct GitSource: MetricSource {
    public var kinds: Set<SourceKind> { [.git] }
    /// The git program, looked up in `PATH` when it has no slash.
    public var git: String
    /// The commit to measure at instead of `HEAD` (a backfill), or nil for now. Relative `since` and `until` then count
    /// back from the context's clock (the commit's time), and the cache is not used.
    public var revision: String?

    public init(git: String = "git", revision: String? = nil) {
        self.git = git
        self.revision = revision
    }

    public func measure(_ specs: [MetricSpec], context: ProbeContext) async -> [MetricPath: ProbeResult] {
        let git = git, revision = revision
        return await Concurrently.map(specs, limit: 4) { spec in
            await BlockingPool.shared.run { GitSource.measure(spec, git: git, context: context, revision: revision) }
        }
    }

    /// Why a `git` metric's value at a past commit cannot be known, or nil when it can.
    public static func unknowable(_ spec: MetricSpec) -> String? {
        spec.options["all"]?.bool == true ? "It counts every ref ('all: true'), and git does not keep where refs pointed in the past" : nil
    }

    static func measure(_ spec: MetricSpec, git: String, context: ProbeContext, revision: String? = nil) -> ProbeResult {
        if revision != nil, let reason = unknowable(spec) { return .failure(reason) }
        if revision == nil, let result = cachedMeasure(spec, git: git, context: context) { return result }
        let options = spec.options
        /// A relative date at a past commit counts back from the commit's time, not from today.
        func moment(_ text: String) -> String {
            guard revision != nil, let seconds = GitDate.relative(text, now: Int(context.clock.now().micros / 1_000_000)) else { return text }
            return "@\(seconds)"
        }
        let mode = options["measure"]?.string ?? "commits"
        let oneline = options["grep_scope"]?.string == "oneline"
        let ignoreCase = options["ignore_case"]?.bool ?? false
        var filters: [String] = []
        if let since = options["since"]?.string { filters.append("--since=\(moment(since))") }
        if let until = options["until"]?.string { filters.append("--until=\(moment(until))") }
        if let author = options["author"]?.string { filters.append("--author=\(author)") }
        if let grep = options["grep"]?.string, !oneline {
            filters.append("--grep=\(grep)")
            if ignoreCase { filters.append("-i") }
        }
        let refs = options["all"]?.bool == true ? ["--all"] : [revision ?? "HEAD"]
        let paths = options["paths"]?.strings ?? []
        let tail = paths.isEmpty ? [] : ["--"] + paths
        let timeout = options["timeout"]?.double ?? 30

        var arguments: [String]
        switch mode {
        case "commits" where oneline: arguments = ["log", "--oneline"] + filters + refs + tail
        case "commits": arguments = ["rev-list", "--count"] + filters + refs + tail
        case "latest_age_hours", "latest_age_days": arguments = ["log", "-1", "--format=%ct"] + filters + refs + tail
        default: return .failure(ProbeError.invalidOption("measure", mode, expected: "'commits', 'latest_age_hours' or 'latest_age_days'").message)
        }
        let process = Subprocess(arguments: [git] + arguments, directory: context.root, environment: context.environment, timeout: timeout)
        let outcome: Subprocess.Outcome
        do throws(ProbeError) { outcome = try process.run() } catch { return .failure(error.message) }
        guard !outcome.timedOut, outcome.status == 0 else {
            return CommandSource.result(of: outcome, spec: spec, timeout: timeout, what: "Git")
        }
        if mode == "commits", oneline {
            guard let pattern = options["grep"]?.string else { return .failure("Metric '\(spec.path)' needs 'grep' for 'grep_scope: oneline'") }
            do throws(ProbeError) {
                let matcher = try LineMatcher(pattern: pattern, ignoreCase: ignoreCase, extended: options["extended"]?.bool ?? false)
                outcome.output.withUnsafeBufferPointer { if let base = $0.baseAddress { matcher.feed(base, $0.count) } }
                matcher.finish()
                return .value(spec.parseType == .float ? .float(Double(matcher.count)) : .integer(Int64(matcher.count)))
            } catch {
                return .failure(error.message)
            }
        }
        if mode == "commits" { return CommandSource.result(of: outcome, spec: spec, timeout: timeout, what: "Git") }
        let text = outcome.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let seconds = Int64(text) else { return .failure("Git found no commit to take the age of") }
        return age(of: seconds, in: mode == "latest_age_days" ? 86_400 : 3600, spec: spec, context: context)
    }

    /// The age of a commit made at `seconds` (Unix time), in units of `unit` seconds.
    static func age(of seconds: Int64, in unit: Double, spec: MetricSpec, context: ProbeContext) -> ProbeResult {
        let age = Double(context.clock.now().micros - seconds * 1_000_000) / 1_000_000 / unit
        if spec.parseType == .integer { return .value(.integer(Int64(age.rounded(.down)))) }
        return .value(.float(Value.round(age, precision: spec.precision)))
    }
}
