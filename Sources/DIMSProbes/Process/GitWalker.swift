import DIMSCore

/// The git walks behind a cached `git` metric: the commits its refs name, the committer times of the commits it
/// matches, and those of the commits added since an earlier entry.
struct GitWalker {
    let spec: MetricSpec
    let git: String
    let context: ProbeContext

    /// `--all` or `HEAD`, as the metric asks.
    var refs: [String] { spec.options["all"]?.bool == true ? ["--all"] : ["HEAD"] }

    /// The commits the refs name (tags peeled, no duplicates), or nil when git fails.
    func tips() -> [String]? {
        guard let output = run(["rev-list", "--no-walk"] + refs) else { return nil }
        let tips = output.split(separator: 10).map { String(decoding: $0, as: UTF8.self) }
        return tips.allSatisfy(GitTimes.isObjectName) ? tips : nil
    }

    /// The committer times of the commits the metric matches among those `revisions` reach, in git's order, newer
    /// than `since`; whether cutting that list at a later `since` is exact; and how many commits git walked for them
    /// (without `since`, how many matched). `known` is the times of every commit `revisions` reach, already found in
    /// order: then git is not asked again. Nil when git fails.
    func walk(since: Int?, revisions: [String], known: [Int]? = nil) -> (times: [Int], exact: Bool, walked: Int)? {
        let options = spec.options
        let oneline = options["grep_scope"]?.string == "oneline"
        let window = since.map { ["--since=@\($0)"] } ?? []
        var filters: [String] = []
        if let author = options["author"]?.string { filters.append("--author=\(author)") }
        if !oneline, let grep = options["grep"]?.string {
            filters.append("--grep=\(grep)")
            if options["ignore_case"]?.bool == true { filters.append("-i") }
        }
        // Every commit git walks to, to see that it printed them newest first: only `since` stops the walk.
        var exact = true
        var all: [Int]?
        if let known {
            all = since.map { since in known.filter { $0 >= since } } ?? known
        } else if since != nil {
            guard let output = run(["log", "--format=%ct"] + window + revisions), let times = Self.numbers(output) else { return nil }
            exact = Self.newestFirst(times)
            all = times
        }
        let filtered: [Int]
        if filters.isEmpty, let all {
            filtered = all
        } else {
            guard let output = run(["log", "--format=%ct"] + filters + window + revisions), let times = Self.numbers(output) else { return nil }
            filtered = times
        }
        let walked = all?.count ?? filtered.count
        guard oneline else { return (filtered, exact, walked) }
        guard let pattern = options["grep"]?.string,
              let matcher = try? LineMatcher(pattern: pattern, ignoreCase: options["ignore_case"]?.bool ?? false, extended: options["extended"]?.bool ?? false),
              let output = run(["log", "--oneline"] + filters + window + revisions) else { return nil }
        let lines = output.isEmpty ? [] : output.split(separator: 10, omittingEmptySubsequences: false).dropLast(output.last == 10 ? 1 : 0)
        guard lines.count == filtered.count else { return nil }
        var times: [Int] = []
        for (line, time) in zip(lines, filtered) {
            let before = matcher.count
            var bytes = Array(line) + [10]
            bytes.withUnsafeMutableBufferPointer { matcher.feed($0.baseAddress!, $0.count) }
            if matcher.count > before { times.append(time) }
        }
        return (times, exact, walked)
    }

    /// `previous` brought forward to `tips` by walking only the commits they reach and its tips did not; nil when a
    /// commit its tips reached is no longer reached (a rebase, a force-push, a deleted branch not merged), when the
    /// new commits could make a later cut at `since` inexact, or when git fails. Then everything is counted again.
    func extend(_ previous: GitTimes, to tips: [String], since: Int?, whole: Bool) -> GitTimes? {
        let old = previous.tips
        let added = tips + ["--not"] + old
        // The new commits, and the old ones they grew from (`--boundary`, marked `-`).
        guard let output = run(["log", "--boundary", "--format=%m%ct %H"] + added) else { return nil }
        var fresh: [Int] = [], boundary: [Int] = [], reached = Set(tips)
        for line in output.split(separator: 10) {
            let words = line.dropFirst().split(separator: 32)
            guard let mark = line.first, words.count == 2, let time = Int(String(decoding: words[0], as: UTF8.self)) else { return nil }
            if mark == UInt8(ascii: "-") {
                boundary.append(time)
                reached.insert(String(decoding: words[1], as: UTF8.self))
            } else {
                fresh.append(time)
            }
        }
        // Every old tip must still be reached: one the new commits grew from, or still named, is; for any other git
        // walks from the old tips to the new ones.
        if !old.allSatisfy(reached.contains) {
            guard let behind = run(["rev-list", "--count"] + old + ["--not"] + tips), Self.numbers(behind) == [0] else { return nil }
        }
        var known: [Int]?
        if since != nil {
            // The new commits newest first, and none older than a commit it grew from: then the whole history stays
            // exact for a later `since`.
            guard Self.newestFirst(fresh), boundary.max() ?? .min <= fresh.last ?? .max else { return nil }
            known = fresh
        }
        guard let walked = walk(since: since, revisions: added, known: known), walked.exact else { return nil }
        var entry = previous
        // About what counting again would walk (commits that left the window are not taken off).
        entry.walked = previous.walked + walked.walked
        entry.tips = tips
        entry.since = since
        if whole {
            entry.count += walked.times.count
            entry.times = [walked.times.first, previous.times.first].compactMap { $0 }.max().map { [$0] } ?? []
        } else {
            let kept = since.map { since in previous.times.filter { $0 >= since } } ?? previous.times
            entry.times = Self.merged(walked.times, kept)
            entry.count = entry.times.count
        }
        return entry
    }

    private func run(_ arguments: [String]) -> [UInt8]? {
        let timeout = spec.options["timeout"]?.double ?? 30
        let process = Subprocess(arguments: [git] + arguments, directory: context.root, environment: context.environment, timeout: timeout)
        guard let outcome = try? process.run(), !outcome.timedOut, outcome.status == 0 else { return nil }
        return outcome.output
    }

    private static func numbers(_ output: [UInt8]) -> [Int]? {
        var result: [Int] = []
        for line in output.split(separator: 10) {
            guard let number = Int(String(decoding: line, as: UTF8.self)) else { return nil }
            result.append(number)
        }
        return result
    }

    private static func newestFirst(_ times: [Int]) -> Bool {
        zip(times, times.dropFirst()).allSatisfy { $0 >= $1 }
    }

    /// Two lists sorted newest first, merged into one.
    private static func merged(_ a: [Int], _ b: [Int]) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i] >= b[j]) {
                result.append(a[i]); i += 1
            } else {
                result.append(b[j]); j += 1
            }
        }
        return result
    }
}
