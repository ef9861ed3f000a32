public import DIMSCore
public import DIMSProbes
public import DIMSS3
public import DIMSStore
public import DIMSTrust
public import Foundation
import NIOConcurrencyHelpers

/// One metric's outcome in a run: measured, taken from the cache, or failed.
public struct Outcome {
    public var spec: MetricSpec
    public var result: ProbeResult
    public var fromCache: Bool
    public var cacheExpires: Timestamp?
    public var durationMicros: UInt64

    /// Whether the metric failed because the project is not trusted for what it asks.
    public var isUntrusted: Bool {
        if case .failure(let reason) = result { return reason.hasSuffix(TrustScope.hint) }
        return false
    }
}

/// Measures metrics: cached values while their TTL holds, the rest through every source at once.
public struct MeasurementRun {
    public let project: Project
    public let config: InventoryConfig
    /// What sources keep between runs (git's commit times); what they store joins the run's events as cache writes.
    public let sourceCache = SourceCache()
    /// The breakdowns by top-level prefix the sources recorded; their events follow the readings'.
    public let breakdowns = BreakdownSink()

    /// Sources whose results are cached by default: S3 listings are slow; everything else is measured each run.
    /// An array, not a `Set`: a `Set` of a new element type costs a scan of every protocol conformance at its first use.
    public static let cachedSources: [SourceKind] = [.s3]

    /// Whether `spec`'s results are cached: an S3 metric, or a metric named in `ttl_overrides` (by path, name or category).
    public func isCached(_ spec: MetricSpec) -> Bool {
        guard config.cache.enabled else { return false }
        let overrides = config.cache.ttlOverrides
        return MeasurementRun.cachedSources.contains(spec.source)
            || overrides[spec.path.rawValue] != nil || overrides[spec.path.name] != nil || overrides[spec.path.category] != nil
    }

    /// Measures `specs`; with `useCache`, active cache entries stand in for a measurement.
    public func measure(_ specs: [MetricSpec], log: EventLog?, useCache: Bool) async throws -> [Outcome] {
        let now = project.clock.now()
        let cache = useCache ? try log.map { log in try project.store { try log.cacheEntries() } } ?? [:] : [:]
        var kept: [String: String] = [:]
        for (key, record) in cache where key.hasPrefix(GitSource.cachePrefix) && record.isActive(at: now) {
            if case .string(let text) = record.entry.value { kept[key] = text }
        }
        sourceCache.restore(kept)
        var outcomes: [MetricPath: Outcome] = [:]
        var toMeasure: [MetricSpec] = []
        for spec in specs {
            if useCache, isCached(spec), let record = cache[spec.path.rawValue], record.isActive(at: now) {
                outcomes[spec.path] = Outcome(spec: spec, result: .value(record.entry.value), fromCache: true,
                                              cacheExpires: record.entry.expires, durationMicros: 0)
            } else {
                toMeasure.append(spec)
            }
        }
        // Formulas need their inputs in the same run, cached or not.
        let measured = try await measureFresh(toMeasure, cachedInputs: outcomes)
        for (path, outcome) in measured { outcomes[path] = outcome }
        return specs.compactMap { outcomes[$0.path] }
    }

    private func measureFresh(_ specs: [MetricSpec], cachedInputs: [MetricPath: Outcome]) async throws -> [MetricPath: Outcome] {
        guard !specs.isEmpty else { return [:] }
        // Not trusted: what needs trust is refused before anything runs, and file sources stay inside the project.
        let (scope, trusted) = project.trust(config)
        var refused: [MetricPath: Outcome] = [:]
        if !trusted {
            for spec in specs {
                guard let item = scope.needs(spec) else { continue }
                refused[spec.path] = Outcome(spec: spec, result: .failure(TrustScope.refusal(item)), fromCache: false, cacheExpires: nil, durationMicros: 0)
            }
        }
        let specs = specs.filter { refused[$0.path] == nil }
        let s3: S3Source
        do {
            s3 = try S3Source(config: config.sections["s3"], costs: config.sections["costs"])
        } catch {
            throw DIMSError(.badInput, "inventory/config.yaml: \(error.message)", file: Project.configName)
        }
        let sources: [any MetricSource] = [FileSystemSource(), CommandSource(), GitSource(), s3]
        // Formulas read their inputs from the same run, cached or not.
        var known: [MetricSpec: Value] = [:]
        if specs.contains(where: { $0.source == .formula }) {
            for outcome in cachedInputs.values { if case .value(let value) = outcome.result { known[outcome.spec] = value } }
        }
        let timings = Timings()
        let measurer = Measurer(sources: sources.map { TimedSource(inner: $0, timings: timings) })
        var context = ProbeContext(root: project.root, environment: project.environment, clock: project.clock,
                                   cache: config.cache.enabled ? sourceCache : nil) { line in
            Console.progress(line)
        }
        context.confined = !trusted
        // Breakdowns by prefix are on unless `features: {breakdowns: false}`.
        if config.wantsBreakdowns { context.breakdowns = breakdowns }
        let started = DispatchTime.now().uptimeNanoseconds
        let results = await measurer.measure(specs, known: known, context: context)
        Console.clearProgress()
        let elapsed = (DispatchTime.now().uptimeNanoseconds - started) / 1000
        let durations = timings.values
        var outcomes = refused
        let guarded = ValueGuard(environment: project.environment)
        for spec in specs {
            let result = guarded.check(results[spec.path] ?? .failure("No source measured this metric (source '\(spec.source)')"), of: spec)
            // A source measures all its metrics together (one walk, one listing): each gets its source's time.
            outcomes[spec.path] = Outcome(spec: spec, result: result, fromCache: false, cacheExpires: nil,
                                          durationMicros: durations[spec.path] ?? elapsed)
        }
        return outcomes
    }

    /// The events that record `outcomes`: a reading or a failure each, and cache writes for fresh cached metrics.
    public func events(for outcomes: [Outcome], at now: Timestamp) -> [LoggedEvent] {
        var events: [LoggedEvent] = []
        for outcome in outcomes {
            let event: Event
            switch outcome.result {
            case .value(let value):
                event = .measured(Reading(metric: outcome.spec.path, value: value, source: .source(outcome.spec.source),
                                          durationMicros: outcome.durationMicros, fromCache: outcome.fromCache))
            case .failure(let reason):
                event = .measurementFailed(Failure(metric: outcome.spec.path, source: .source(outcome.spec.source), reason: reason))
            }
            events.append(LoggedEvent(recorded: now, observed: now, actor: project.actor, event: event))
            if case .value = outcome.result, !outcome.fromCache, let breakdown = breakdowns.breakdown(of: outcome.spec.path) {
                events.append(LoggedEvent(recorded: now, observed: now, actor: project.actor, event: .breakdownRecorded(breakdown)))
            }
            if case .value(let value) = outcome.result, !outcome.fromCache, isCached(outcome.spec) {
                let expires = now.adding(hours: config.cache.ttlHours(for: outcome.spec.path))
                events.append(LoggedEvent(recorded: now, observed: now, actor: project.actor,
                                          event: .cacheWritten(CacheEntry(key: outcome.spec.path.rawValue, value: value, expires: expires))))
            }
        }
        let expires = now.adding(hours: config.cache.defaultTTLHours)
        for (key, value) in sourceCache.written.sorted(by: { $0.key < $1.key }) {
            events.append(LoggedEvent(recorded: now, observed: now, actor: project.actor,
                                      event: .cacheWritten(CacheEntry(key: key, value: .string(value), expires: expires))))
        }
        return events
    }
}

/// Times each source's share of a run, for the readings' durations.
public struct TimedSource: MetricSource {
    public let inner: any MetricSource
    public let timings: Timings
    public var kinds: Set<SourceKind> { inner.kinds }

    public func measure(_ specs: [MetricSpec], context: ProbeContext) async -> [MetricPath: ProbeResult] {
        let started = DispatchTime.now().uptimeNanoseconds
        let results = await inner.measure(specs, context: context)
        let micros = (DispatchTime.now().uptimeNanoseconds - started) / 1000
        timings.record(specs.map(\.path), micros: micros)
        return results
    }
}

/// Durations in microseconds by metric, written from the sources' tasks.
public final class Timings: Sendable {
    private let durations = NIOLockedValueBox<[MetricPath: UInt64]>([:])

    public func record(_ paths: [MetricPath], micros: UInt64) {
        durations.withLockedValue { durations in
            for path in paths { durations[path] = micros }
        }
    }

    public var values: [MetricPath: UInt64] { durations.withLockedValue { $0 } }
}
