import DIMSCore

/// A run's file metrics read from their specs, with a subscription for each metric, file set and `paths` entry: what
/// `FileSystemRun` walks on disk and `TreeRun` in a commit's tree, and how their totals become each metric's result.
struct FileMetricPlan {
    /// Each spec's metric, nil where its options failed (`failures`).
    private(set) var metrics: [FileMetric?] = []
    private(set) var failures: [Int: ProbeError] = [:]
    private(set) var subscriptions: [Subscription] = []
    /// What each subscription reads of a file's content: its lines, its grep matches, or nothing.
    private(set) var targets: [FileReader.Target?] = []

    /// Reads `specs`; `refusal` gives the reason a metric cannot be measured by this run, or nil.
    init(_ specs: [MetricSpec], home: String?, refusal: (FileMetric) -> String? = { _ in nil }) {
        var entries: [String: Int] = [:]
        for (index, spec) in specs.enumerated() {
            do throws(ProbeError) {
                let metric = try FileMetric(spec, home: home)
                if let reason = refusal(metric) { throw ProbeError(code: .invalidOption, message: reason) }
                metrics.append(metric)
                for set in metric.sets {
                    for entry in set.paths {
                        let entryIndex = entries[entry] ?? entries.count
                        entries[entry] = entryIndex
                        subscriptions.append(Subscription(id: subscriptions.count, metric: index, plan: metric, set: set, entry: entry, entryIndex: entryIndex))
                    }
                }
            } catch {
                metrics.append(nil)
                failures[index] = error
            }
        }
        targets = subscriptions.map { [metrics] sub in
            guard let metric = metrics[sub.metric] else { return nil }
            if metric.kind == .lines { return .lines }
            if let grep = metric.grep { return .grep(pattern: grep.pattern, ignoreCase: grep.ignoreCase, extended: grep.extended) }
            return nil
        }
    }

    /// The subscriptions of each distinct entry (and way of following links), shortest entry first, so that a folder
    /// comes before the folders inside it.
    var byEntry: [[Subscription]] {
        let groups = Dictionary(grouping: subscriptions) { "\($0.set.links == .follow ? 1 : 0)\(String(decoding: $0.entry, as: UTF8.self))" }
        return groups.keys.sorted { $0.count < $1.count }.map { groups[$0]! }
    }

    /// Each spec's result from what the walk gave its subscriptions: totals, newest change times, errors, and the first
    /// missing path by metric.
    func results(_ specs: [MetricSpec], totals: [Int64], newest: [Int64?]? = nil, errors: [Int: ProbeError],
                 missing: [Int: String], now: Timestamp) -> [MetricPath: ProbeResult] {
        var out: [MetricPath: ProbeResult] = [:]
        let bySpec = Dictionary(grouping: subscriptions, by: \.metric)
        for (index, spec) in specs.enumerated() {
            if let failure = failures[index] { out[spec.path] = .failure(failure.message); continue }
            guard let metric = metrics[index] else { continue }
            let subs = bySpec[index] ?? []
            out[spec.path] = metric.result(total: subs.reduce(Int64(0)) { $0 + totals[$1.id] }, newest: newest.flatMap { newest in subs.compactMap { newest[$0.id] }.max() },
                                           error: subs.compactMap { errors[$0.id] }.first, missingPath: missing[index], now: now)
        }
        return out
    }

    /// Leaves in `sink` the breakdown by top-level folder of each metric measured (`results`) from its subscriptions'
    /// `parts` (empty when the run kept none).
    func record(_ specs: [MetricSpec], _ results: [MetricPath: ProbeResult], parts: [[String: Int64]], missing: [Int: String], in sink: BreakdownSink) {
        guard !parts.isEmpty else { return }
        let bySpec = Dictionary(grouping: subscriptions, by: \.metric)
        for (index, spec) in specs.enumerated() {
            guard case .value? = results[spec.path], let metric = metrics[index],
                  let values = metric.breakdown((bySpec[index] ?? []).map { parts[$0.id] }, missingPath: missing[index]) else { continue }
            sink.record(Breakdown(metric: spec.path, values: values))
        }
    }
}
