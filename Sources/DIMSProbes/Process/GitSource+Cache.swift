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
extension GitSource {
    /// The prefix of the cache keys of `git` metrics: `git:category.name`.
    public static let cachePrefix = "git:"
    /// The most commit times kept for one metric; a longer history is counted by git each run.
    static let maxCachedTimes = 100_000

    /// The metric's value from the cache or from a fresh walk that refills it; nil when the metric cannot be cached
    /// or git failed (the caller then runs git as usual and reports what went wrong).
    static func cachedMeasure(_ spec: MetricSpec, git: String, context: ProbeContext) -> ProbeResult? {
        let options = spec.options
        guard let cache = context.cache, options["paths"] == nil,
              let refs = GitRefState.read(from: context.root, environment: context.environment) else { return nil }
        let mode = options["measure"]?.string ?? "commits"
        guard ["commits", "latest_age_hours", "latest_age_days"].contains(mode) else { return nil }
        let oneline = options["grep_scope"]?.string == "oneline"
        let now = Int(time(nil))
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
        let entry: GitTimes
        if let cached = cache.value(key).flatMap(GitTimes.init(decoding:)), cached.signature == signature,
           cached.since == nil ? since == nil : (since.map { cached.since! <= $0 } ?? false) {
            entry = cached
        } else {
            guard let built = walk(spec, git: git, since: since, oneline: oneline, context: context) else { return nil }
            entry = GitTimes(signature: signature, since: since, count: built.times.count, times: whole ? Array(built.times.prefix(1)) : built.times)
            if built.exact, entry.times.count <= maxCachedTimes { cache.store(key, entry.encoded) }
        }
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

    /// The committer times of the commits the metric matches, in git's order, newer than `since`; and whether
    /// cutting that list at a later `since` is exact. Nil when git fails.
    private static func walk(_ spec: MetricSpec, git: String, since: Int?, oneline: Bool, context: ProbeContext) -> (times: [Int], exact: Bool)? {
        let options = spec.options
        let refs = options["all"]?.bool == true ? ["--all"] : ["HEAD"]
        let window = since.map { ["--since=@\($0)"] } ?? []
        var filters: [String] = []
        if let author = options["author"]?.string { filters.append("--author=\(author)") }
        if !oneline, let grep = options["grep"]?.string {
            filters.append("--grep=\(grep)")
            if options["ignore_case"]?.bool == true { filters.append("-i") }
        }
        let timeout = options["timeout"]?.double ?? 30
        func run(_ arguments: [String]) -> [UInt8]? {
            let process = Subprocess(arguments: [git] + arguments, directory: context.root, environment: context.environment, timeout: timeout)
            guard let outcome = try? process.run(), !outcome.timedOut, outcome.status == 0 else { return nil }
            return outcome.output
        }
        func numbers(_ output: [UInt8]) -> [Int]? {
            var result: [Int] = []
            for line in output.split(separator: 10) {
                guard let number = Int(String(decoding: line, as: UTF8.self)) else { return nil }
                result.append(number)
            }
            return result
        }
        // Every commit git walks to, to see that it printed them newest first: only `since` stops the walk.
        var exact = true
        var all: [Int]?
        if since != nil {
            guard let output = run(["log", "--format=%ct"] + window + refs), let times = numbers(output) else { return nil }
            exact = zip(times, times.dropFirst()).allSatisfy { $0 >= $1 }
            all = times
        }
        let filtered: [Int]
        if filters.isEmpty, let all {
            filtered = all
        } else {
            guard let output = run(["log", "--format=%ct"] + filters + window + refs), let times = numbers(output) else { return nil }
            filtered = times
        }
        guard oneline else { return (filtered, exact) }
        guard let pattern = options["grep"]?.string,
              let matcher = try? LineMatcher(pattern: pattern, ignoreCase: options["ignore_case"]?.bool ?? false, extended: options["extended"]?.bool ?? false),
              let output = run(["log", "--oneline"] + filters + window + refs) else { return nil }
        let lines = output.split(separator: 10, omittingEmptySubsequences: false).dropLast(output.last == 10 ? 1 : 0)
        guard lines.count == filtered.count else { return nil }
        var times: [Int] = []
        for (line, time) in zip(lines, filtered) {
            let before = matcher.count
            (Array(line) + [10]).withUnsafeBufferPointer { matcher.feed($0.baseAddress!, $0.count) }
            if matcher.count > before { times.append(time) }
        }
        return (times, exact)
    }
}

/// One metric's cache entry: `v1 SIGNATURE SINCE|- COUNT TIME TIME ...`, the times in git's order.
struct GitTimes: Equatable {
    /// The digest of the metric's options and of the ref state the times were read at.
    var signature: String
    /// The `since` the walk stopped at, or nil for the whole history.
    var since: Int?
    /// How many commits matched.
    var count: Int
    /// Their committer times; for a metric without `since` or `until`, only the first.
    var times: [Int]

    var encoded: String { (["v1", signature, since.map(String.init) ?? "-", String(count)] + times.map(String.init)).joined(separator: " ") }

    init(signature: String, since: Int?, count: Int, times: [Int]) {
        self.signature = signature
        self.since = since
        self.count = count
        self.times = times
    }

    init?(decoding text: String) {
        let words = text.split(separator: " ")
        guard words.count >= 4, words[0] == "v1", let count = Int(words[3]) else { return nil }
        signature = String(words[1])
        if words[2] == "-" { since = nil } else if let value = Int(words[2]) { since = value } else { return nil }
        self.count = count
        var times: [Int] = []
        times.reserveCapacity(words.count - 4)
        for word in words.dropFirst(4) {
            guard let time = Int(word) else { return nil }
            times.append(time)
        }
        self.times = times
    }
}
