import DIMSCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Answers `git` metrics from the commit times the run's `SourceCache` keeps for them, valid while the repository's
/// refs stay the same (`GitRefState`), so that a run where nothing moved starts no git process.
///
/// The entry holds, in git's output order, the committer times of the commits the metric matches, newer than the
/// `since` it was built for; `since` and `until` are applied here. `since` stops git's walk at the first older
/// commit; the times are kept only when git printed them newest first (no commit newer than a descendant), where
/// cutting the list at a later `since` gives what git would. Metrics with `paths`, or with git redirected by the
/// environment, always run git.
///
/// When refs moved, the entry also keeps the commits its count started from (its tips): if every commit they reach is
/// still reached (refs only moved forward), git walks only the new commits (`NEW --not OLD`) and their matches are
/// added to the entry's, cut at the current `since`; otherwise (a rebase, a force-push, a deleted unmerged branch,
/// a changed shallow boundary, graft or config) everything is counted again. A windowed count that walks fewer than
/// `incrementalFrom` commits is simply counted again, without tips: that is one short walk, and bringing it forward
/// costs more git processes than it saves.
extension GitSource {
    /// The prefix of the cache keys of `git` metrics: `git:category.name`.
    public static let cachePrefix = "git:"
    /// The most commit times kept for one metric; a longer history is counted by git each run.
    static let maxCachedTimes = 100_000
    /// The most tips kept for one metric; with more refs, every moved ref means a full count.
    static let maxCachedTips = 1_000

    /// The metric's value from the cache or from a walk that refills it; nil when the metric cannot be cached or git
    /// failed (the caller then runs git as usual and reports what went wrong).
    static func cachedMeasure(_ spec: MetricSpec, git: String, context: ProbeContext, incrementalFrom: Int = 2_000) -> ProbeResult? {
        let options = spec.options
        guard let cache = context.cache, options["paths"] == nil,
              let refs = GitRefState.read(from: context.root, environment: context.environment) else { return nil }
        let mode = options["measure"]?.string ?? "commits"
        guard ["commits", "latest_age_hours", "latest_age_days"].contains(mode) else { return nil }
        let now = Int(context.clock.now().micros / 1_000_000)
        var since: Int?, until: Int?
        if let text = options["since"]?.string {
            guard let moment = GitDate.resolve(text, since: true, now: now, git: git, directory: context.root, environment: context.environment) else { return nil }
            since = moment
        }
        if let text = options["until"]?.string {
            guard let moment = GitDate.resolve(text, since: false, now: now, git: git, directory: context.root, environment: context.environment) else { return nil }
            until = moment
        }
        var digest = FNV()
        for key in ["measure", "grep_scope", "grep", "ignore_case", "extended", "all", "author", "since", "until"] {
            digest.add("\(key)=\(options[key].map(signatureText) ?? "")".utf8)
        }
        let key = cachePrefix + spec.path.rawValue
        let signature = digest.hex + "-" + refs.fingerprint
        // Without since or until only the count and the newest time matter: that is all the entry keeps.
        let whole = since == nil && until == nil
        let previous = cache.value(key).flatMap(GitTimes.init(decoding:)).flatMap { cached in
            cached.hasOptions(digest.hex) && (cached.since == nil ? since == nil : (since.map { cached.since! <= $0 } ?? false)) ? cached : nil
        }
        let entry: GitTimes
        if let previous, previous.signature == signature {
            entry = previous
        } else {
            let walker = GitWalker(spec: spec, git: git, context: context)
            let graph = GitRefState.graph(from: context.root, environment: context.environment)
            // The commits `--all` or `HEAD` names now: the count starts from exactly these, so the next run can
            // exclude them. Not asked for a short window; none (an empty repository) or too many: git is given the
            // refs and nothing is kept.
            let incremental = since == nil || (previous?.walked ?? 0) >= incrementalFrom
            let named = incremental ? walker.tips() : nil
            let tips = named.flatMap { $0.isEmpty || $0.count > maxCachedTips ? nil : $0 } ?? []
            var grown: GitTimes?
            if let previous, let graph, previous.graph == graph, !previous.tips.isEmpty, !tips.isEmpty, mode == "commits" || since != nil {
                grown = walker.extend(previous, to: tips, since: since, whole: whole)
            }
            if let grown {
                entry = GitTimes(signature: signature, graph: graph ?? "-", since: since, count: grown.count, walked: grown.walked,
                                 tips: tips, times: grown.times)
            } else {
                guard let built = walker.walk(since: since, revisions: tips.isEmpty ? walker.refs : tips) else { return nil }
                entry = GitTimes(signature: signature, graph: graph ?? "-", since: since, count: built.times.count, walked: built.walked,
                                 tips: tips, times: whole ? Array(built.times.prefix(1)) : built.times)
                guard built.exact else { return answer(entry, whole: whole, since: since, until: until, mode: mode, spec: spec, context: context) }
            }
            if entry.times.count <= maxCachedTimes { cache.store(key, entry.encoded) }
        }
        return answer(entry, whole: whole, since: since, until: until, mode: mode, spec: spec, context: context)
    }

    /// The metric's value from an entry: its count or the age of its newest commit, within `since` and `until`.
    private static func answer(_ entry: GitTimes, whole: Bool, since: Int?, until: Int?, mode: String, spec: MetricSpec, context: ProbeContext) -> ProbeResult {
        let matching = whole ? entry.times : entry.times.filter { time in since.map { time >= $0 } ?? true && until.map { time <= $0 } ?? true }
        let count = whole ? entry.count : matching.count
        if mode == "commits" {
            guard let value = spec.parseType.parse(String(count), precision: spec.precision) else {
                return .failure("Git counted \(count), which is not a valid \(spec.parseType.rawValue)")
            }
            return .value(value)
        }
        guard let newest = matching.first else { return .failure("Git found no commit to take the age of") }
        return age(of: Int64(newest), in: mode == "latest_age_days" ? 86_400 : 3600, spec: spec, context: context)
    }

    /// An option's value as the cache signature writes it: `"\(value)"`, spelled out for scalars, whose interpolation
    /// otherwise reflects over the enum (a Mirror and a scan of every protocol conformance record, about 15 % of a run).
    static func signatureText(_ value: ConfigValue) -> String {
        switch value {
        case .string(let text): "string(\(text.debugDescription))"
        case .integer(let number): "integer(\(number))"
        case .float(let number): "float(\(number.debugDescription))"
        case .boolean(let flag): "boolean(\(flag))"
        case .null: "null"
        case .list, .map: "\(value)"
        }
    }
}
