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
    /// The commit to measure at instead of `HEAD` (a backfill), or nil for now. Relative `since` and `until` count back
    /// from the context's clock (then the commit's time), and the cache is not used.
    public var revision: String?
    /// The fewest commits a windowed (`since`) count must walk before a moved ref is counted from the previous tips
    /// instead of again: below it, counting again is one walk of a few commits, cheaper than the extra git processes
    /// of bringing the entry forward. Counts without `since` walk the whole history and are always brought forward.
    public var incrementalFrom: Int

    public init(git: String = "git", revision: String? = nil, incrementalFrom: Int = 2_000) {
        self.git = git
        self.revision = revision
        self.incrementalFrom = incrementalFrom
    }

    public func measure(_ specs: [MetricSpec], context: ProbeContext) async -> [MetricPath: ProbeResult] {
        let git = git, revision = revision, incrementalFrom = incrementalFrom
        return await Concurrently.map(specs, limit: 4) { spec in
            await BlockingPool.shared.run { GitSource.measure(spec, git: git, context: context, revision: revision, incrementalFrom: incrementalFrom) }
        }
    }

    /// Why a `git` metric's value at a past commit cannot be known, or nil when it can.
    public static func unknowable(_ spec: MetricSpec) -> String? {
        spec.options["all"]?.bool == true ? "It counts every ref ('all: true'), and git does not keep where refs pointed in the past" : nil
    }

    static func measure(_ spec: MetricSpec, git: String, context: ProbeContext, revision: String? = nil, incrementalFrom: Int = 2_000) -> ProbeResult {
        if revision != nil, let reason = unknowable(spec) { return .failure(reason) }
        if revision == nil, let result = cachedMeasure(spec, git: git, context: context, incrementalFrom: incrementalFrom) { return result }
        let query: GitQuery
        do throws(ProbeError) { query = try GitQuery(spec) } catch { return .failure(error.message) }
        /// A relative date counts back from the context's clock (`DIMS_NOW`, or the commit's time at a past commit), as
        /// the cache does, not from git's own now.
        func moment(_ text: String) -> String {
            guard let seconds = GitDate.relative(text, now: Int(context.clock.now().micros / 1_000_000)) else { return text }
            return "@\(seconds)"
        }
        var filters: [String] = []
        if let since = query.since { filters.append("--since=\(moment(since))") }
        if let until = query.until { filters.append("--until=\(moment(until))") }
        filters += query.commitFilters
        let refs = query.all ? ["--all"] : [revision ?? "HEAD"]
        let tail = query.paths.isEmpty ? [] : ["--"] + query.paths

        var arguments: [String]
        switch query.mode {
        case .commits where query.oneline: arguments = ["log", "--oneline"] + filters + refs + tail
        case .commits: arguments = ["rev-list", "--count"] + filters + refs + tail
        case .latestAgeHours, .latestAgeDays: arguments = ["log", "-1", "--format=%ct"] + filters + refs + tail
        }
        let process = Subprocess(arguments: [git] + arguments, directory: context.root, environment: context.environment, timeout: query.timeout)
        var outcome: Subprocess.Outcome
        do throws(ProbeError) { outcome = try process.run() } catch { return .failure(error.message) }
        guard !outcome.timedOut, outcome.status == 0 else {
            return CommandSource.result(of: outcome, spec: spec, timeout: query.timeout, what: "Git")
        }
        do throws(ProbeError) {
            if let matcher = try query.onelineMatcher() {
                outcome.output.withUnsafeMutableBufferPointer { if let base = $0.baseAddress { matcher.feed(base, $0.count) } }
                matcher.finish()
                return query.value(count: matcher.count, spec: spec)
            }
        } catch {
            return .failure(error.message)
        }
        if query.mode == .commits { return CommandSource.result(of: outcome, spec: spec, timeout: query.timeout, what: "Git") }
        let text = outcome.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let seconds = Int64(text) else { return .failure("Git found no commit to take the age of") }
        return age(of: seconds, in: query.mode == .latestAgeDays ? 86_400 : 3600, spec: spec, context: context)
    }

    /// The age of a commit made at `seconds` (Unix time), in units of `unit` seconds.
    static func age(of seconds: Int64, in unit: Double, spec: MetricSpec, context: ProbeContext) -> ProbeResult {
        let age = Double(context.clock.now().micros - seconds * 1_000_000) / 1_000_000 / unit
        if spec.parseType == .integer { return .value(.integer(Int64(age.rounded(.down)))) }
        return .value(.float(Value.round(age, precision: spec.precision)))
    }
}
