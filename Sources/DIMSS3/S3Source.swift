public import DIMSCore
internal import Curl
internal import Foundation
import NIOConcurrencyHelpers

/// Measures every `source: s3` metric of a run from one listing pass per bucket.
///
/// A metric's options: `bucket` (required); filters `prefix`, `suffix`, `min_size`, `max_size` (bytes, inclusive);
/// `measure`: `count` (default), `size` (`unit` B/KB/MB/GB/TB in powers of 1024, `precision`), `avg_size`,
/// `count_smaller_than` (threshold in `bytes` or `count_smaller_than`), `newest_age_hours`, `oldest_age_days`,
/// `date_gaps` and `missing_days` (with `date_pattern`, such as `%Y%m%d`), `cost` (dollars a month at `prices`, plus
/// `fixed_monthly`); `prefixes` (a list, summed as one listing
/// per prefix, instead of `prefix`); and `endpoint`, `region`, `profile`, which override
/// `defaults`, which override the `AWS_*` environment and the AWS files under `HOME`.
public struct S3Source: MetricSource {
    public var kinds: Set<SourceKind> { [.s3] }
    /// The config's `endpoint`, `region` and `profile`, which a metric's own options override.
    public var defaults: S3Settings.Overrides
    public var retry: S3RetryPolicy
    public var timeouts: S3Timeouts
    /// The most prefixes listed at the same time.
    public var concurrency: Int
    /// The prices `measure: cost` uses: the config's `costs:` section.
    public var prices = S3Prices()

    public init(defaults: S3Settings.Overrides = .init(), retry: S3RetryPolicy = .init(), timeouts: S3Timeouts = .init(), concurrency: Int = 4) {
        self.defaults = defaults
        self.retry = retry
        self.timeouts = timeouts
        self.concurrency = max(1, concurrency)
    }

    public func measure(_ specs: [MetricSpec], context: ProbeContext) async -> [MetricPath: ProbeResult] {
        var results: [MetricPath: ProbeResult] = [:]
        var prefixParts = S3PrefixParts()
        let specs = prefixParts.expand(specs)
        var planned: [(path: MetricPath, query: S3Query, settings: S3Settings)] = []
        for spec in specs {
            do throws(S3Error) {
                let query = try S3Query(spec, prices: prices)
                let settings = try S3Settings.resolve(query.settings.over(defaults), environment: context.environment)
                planned.append((spec.path, query, settings))
            } catch {
                results[spec.path] = .failure(error.message)
            }
        }
        let plan = S3Plan(planned)
        let now = context.clock.now()
        var tallies: [MetricPath: S3Tally] = [:]
        var walk = S3Walk(plan: plan, retry: retry, timeouts: timeouts, concurrency: concurrency,
                          session: CurlSession(maxIdle: concurrency))
        walk.breakdowns = context.breakdowns != nil
        for (listing, outcome) in zip(plan.listings, await walk.run(progress: S3Progress(report: context.progress))) {
            for (index, metric) in listing.metrics.enumerated() {
                switch outcome {
                case .success(let found): tallies[metric.path] = found[index]
                case .failure(let error): results[metric.path] = .failure(error.message)
                }
            }
        }
        for group in plan.groups {
            for metric in group.metrics where results[metric.path] == nil {
                let location = "s3://\(group.bucket)/\(metric.query.filter.prefix)"
                let tally = tallies[metric.path] ?? S3Tally()
                switch tally.result(for: metric.query.measure, now: now, location: location) {
                case .success(let value):
                    results[metric.path] = .value(value)
                    Self.record(tally, metric.path, metric.query.measure, in: context)
                case .failure(let error): results[metric.path] = .failure(error.message)
                }
            }
        }
        let queries = Dictionary(planned.map { ($0.path, $0.query) }, uniquingKeysWith: { first, _ in first })
        prefixParts.combine(&results, tallies: tallies, queries: queries, now: now, context: context)
        return results
    }

    /// Leaves the breakdown of a metric's tally in the run's sink, when the run wants breakdowns and the measure adds up.
    static func record(_ tally: S3Tally, _ metric: MetricPath, _ measure: S3Measure, in context: ProbeContext) {
        guard let sink = context.breakdowns, let values = tally.breakdown(for: measure) else { return }
        sink.record(Breakdown(metric: metric, values: values))
    }
}

/// Counts objects and pages listed per bucket and reports them as lines of progress.
final class S3Progress: Sendable {
    private let counts = NIOLockedValueBox<[String: (objects: Int, pages: Int)]>([:])
    private let report: @Sendable (String) -> Void

    init(report: @escaping @Sendable (String) -> Void) { self.report = report }

    func add(bucket: String, objects: Int) {
        let line: String = counts.withLockedValue { counts in
            var count = counts[bucket] ?? (0, 0)
            count.objects += objects
            count.pages += 1
            counts[bucket] = count
            return "s3://\(bucket): \(count.objects) objects, \(count.pages) pages listed"
        }
        report(line)
    }
}
