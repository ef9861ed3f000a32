import DIMSCore
import Foundation

/// The `git` metrics at every backfill point from one walk of the history (`CommitGraph`), instead of git processes
/// at each point.
///
/// Git runs once for the graph, once per distinct set of commit filters (`--author`, `--grep`, `-i`: which commits
/// match, judged by git itself over the whole history) and, for `grep_scope: oneline`, once for the oneline text of
/// every commit. Relative `since`/`until` count back from each point's time (`GitDate.relative`); other dates are
/// resolved by git once. A metric with `paths` (git's history simplification) or a date git cannot resolve is not
/// answered here: `GitSource` counts it at each point.
struct PastGitCounts {
    let history: GitHistory

    /// The values of the `specs` it can answer at each of `points` (oldest first, along the first-parent history, as
    /// `GitHistory.points` gives them); a spec it cannot answer is absent from every point's results.
    func results(_ specs: [MetricSpec], at points: [GitHistory.Point]) -> [[MetricPath: ProbeResult]] {
        var out = Array(repeating: [MetricPath: ProbeResult](), count: points.count)
        var queries: [(spec: MetricSpec, query: GitQuery)] = []
        for spec in specs {
            if let reason = GitSource.unknowable(spec) {
                for index in points.indices { out[index][spec.path] = .failure(reason) }
                continue
            }
            do throws(ProbeError) {
                let query = try GitQuery(spec)
                if query.paths.isEmpty { queries.append((spec, query)) }
            } catch {
                for index in points.indices { out[index][spec.path] = .failure(error.message) }
            }
        }
        guard !queries.isEmpty, !points.isEmpty else { return out }
        func failAll(_ message: String, _ which: [(spec: MetricSpec, query: GitQuery)]) {
            for (spec, _) in which { for index in points.indices { out[index][spec.path] = .failure(message) } }
        }
        let graph: CommitGraph
        do throws(ProbeError) {
            graph = try CommitGraph(listing: history.run(["rev-list", "--parents", "--timestamp", "HEAD"], what: "list the commits"))
        } catch {
            failAll(error.message, queries)
            return out
        }
        guard let starts = Optional(points.compactMap { graph.byID[$0.commit] }), starts.count == points.count else {
            failAll("Git listed the history without some of the commits to measure", queries)
            return out
        }

        var counters: [Counter] = []
        var filtered: [String: [Bool]] = [:]
        var onelines: [[UInt8]]?
        for (spec, query) in queries {
            do throws(ProbeError) {
                var counter = Counter(spec: spec, query: query)
                let filters = query.commitFilters
                if !filters.isEmpty {
                    let key = filters.joined(separator: "\u{0}")
                    if filtered[key] == nil { filtered[key] = try matching(filters, in: graph) }
                    counter.filter = filtered[key]
                }
                if let matcher = try query.onelineMatcher() {
                    if onelines == nil { onelines = try onelineTexts(graph) }
                    counter.filter = zip(counter.filter ?? Array(repeating: true, count: graph.count), onelines!).map { keep, line in
                        guard keep else { return false }
                        matcher.reset()
                        var bytes = line + [10]
                        bytes.withUnsafeMutableBufferPointer { matcher.feed($0.baseAddress!, $0.count) }
                        matcher.finish()
                        return matcher.count > 0
                    }
                }
                if let text = query.since {
                    guard let moment = Moment(text, since: true, counts: self) else { continue }
                    counter.since = moment
                }
                if let text = query.until {
                    guard let moment = Moment(text, since: false, counts: self) else { continue }
                    counter.until = moment
                }
                counters.append(counter)
            } catch {
                failAll(error.message, [(spec, query)])
            }
        }

        // Without `since` a point's walk is the previous point's plus the commits new since then.
        var reached: [Int32] = []
        var seen = Array(repeating: false, count: graph.count)
        var running = Array(repeating: 0, count: counters.count)
        for (index, point) in points.enumerated() {
            let start = starts[index], seconds = Int(point.time.micros / 1_000_000)
            if index > 0, !follows(start, previous: starts[index - 1], graph: graph, seen: seen) {
                reached = []
                seen = Array(repeating: false, count: graph.count)
                running = Array(repeating: 0, count: counters.count)
            }
            var added: [Int32] = []
            var pending: [Int32] = seen[Int(start)] ? [] : [start]
            seen[Int(start)] = true
            while let commit = pending.popLast() {
                added.append(commit)
                for parent in graph.parents(commit) where !seen[Int(parent)] {
                    seen[Int(parent)] = true
                    pending.append(parent)
                }
            }
            reached += added
            var walks: [Int: [Int32]] = [:]
            let context = history.context(at: point)
            for (which, counter) in counters.enumerated() {
                let since = counter.since?.seconds(at: seconds), until = counter.until?.seconds(at: seconds)
                let accepts = { (commit: Int32) in
                    (until.map { graph.times[Int(commit)] <= $0 } ?? true) && (counter.filter?[Int(commit)] ?? true)
                }
                let spec = counter.spec
                switch counter.query.mode {
                case .commits:
                    let count: Int
                    if since == nil, counter.until?.isFixed ?? true {
                        running[which] += added.lazy.filter(accepts).count
                        count = running[which]
                    } else if let since {
                        if walks[since] == nil { walks[since] = graph.reach(from: start, since: since) }
                        count = walks[since]!.lazy.filter(accepts).count
                    } else {
                        count = reached.lazy.filter(accepts).count
                    }
                    out[index][spec.path] = counter.query.value(count: count, spec: spec)
                case .latestAgeHours, .latestAgeDays:
                    guard let newest = graph.first(from: start, since: since, accepts: accepts) else {
                        out[index][spec.path] = .failure("Git found no commit to take the age of")
                        continue
                    }
                    out[index][spec.path] = GitSource.age(of: Int64(graph.times[Int(newest)]), in: counter.query.mode == .latestAgeDays ? 86_400 : 3600,
                                                          spec: spec, context: context)
                }
            }
        }
        return out
    }

    /// One metric's count: its query, which commits pass its filters (nil: all), and its dates.
    private struct Counter {
        let spec: MetricSpec
        let query: GitQuery
        var filter: [Bool]?
        var since: Moment?
        var until: Moment?
    }

    /// A `since` or `until`: relative to each point's time, or one moment git resolved.
    struct Moment {
        let text: String
        let fixed: Int?
        var isFixed: Bool { fixed != nil }

        /// Nil when git cannot resolve `text` (`GitSource` then asks git at each point).
        init?(_ text: String, since: Bool, counts: PastGitCounts) {
            self.text = text
            let now = Int(Date().timeIntervalSince1970)
            if GitDate.relative(text, now: now) != nil {
                fixed = nil
            } else {
                let history = counts.history
                guard let moment = GitDate.resolve(text, since: since, now: now, git: history.git, directory: history.root,
                                                   environment: history.environment) else { return nil }
                fixed = moment
            }
        }

        func seconds(at now: Int) -> Int { fixed ?? GitDate.relative(text, now: now)! }
    }

    /// Whether `start`'s first parents lead to `previous` before any commit walked already: then the commits walked so
    /// far are all ancestors of `start`.
    private func follows(_ start: Int32, previous: Int32, graph: CommitGraph, seen: [Bool]) -> Bool {
        var commit = start
        while !seen[Int(commit)] {
            guard let first = graph.parents(commit).first else { return false }
            commit = first
        }
        return commit == previous
    }

    /// Which commits of `graph` git selects with `filters` (one `git rev-list` over the whole history).
    private func matching(_ filters: [String], in graph: CommitGraph) throws(ProbeError) -> [Bool] {
        var selected = Array(repeating: false, count: graph.count)
        for line in try history.run(["rev-list"] + filters + ["HEAD"], what: "select commits with \(filters.joined(separator: " "))").split(separator: 10) {
            if let commit = graph.byID[String(decoding: line, as: UTF8.self)] { selected[Int(commit)] = true }
        }
        return selected
    }

    /// The `git log --oneline` line of every commit of `graph`.
    private func onelineTexts(_ graph: CommitGraph) throws(ProbeError) -> [[UInt8]] {
        let lines = try history.run(["log", "--oneline", "HEAD"], what: "list the commits").split(separator: 10, omittingEmptySubsequences: false).dropLast()
        let ids = try history.run(["log", "--format=%H", "HEAD"], what: "list the commits").split(separator: 10)
        guard lines.count == ids.count else {
            throw ProbeError(code: .unparsableOutput, message: "Git listed \(lines.count) oneline subjects for \(ids.count) commits")
        }
        var texts = Array(repeating: [UInt8](), count: graph.count)
        for (line, id) in zip(lines, ids) {
            if let commit = graph.byID[String(decoding: id, as: UTF8.self)] { texts[Int(commit)] = Array(line) }
        }
        return texts
    }
}
