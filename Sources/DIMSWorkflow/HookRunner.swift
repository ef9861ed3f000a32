public import DIMSAlerts
public import DIMSCore
public import DIMSStore
public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs event hooks: measures the metrics they match through the same measure-then-append flow as `verify`,
/// then appends a `triggered` event, all under one lock so that the cooldown holds across processes.
public struct HookRunner {
    public let project: Project
    public let config: InventoryConfig
    public let log: EventLog

    public init(project: Project, config: InventoryConfig, log: EventLog) {
        self.project = project
        self.config = config
        self.log = log
    }

    public var plan: HookPlan { HookPlan(settings: config.events) }
    public var outbox: Outbox { Outbox(project: project, config: config, log: log) }

    /// What a trigger did.
    public enum Outcome {
        case ran(Trigger, InventoryReport)
        /// Skipped: the previous trigger of the type was at `last`, and the cooldown lasts until `until`.
        case cooledDown(last: Timestamp, until: Timestamp)
    }

    /// Measures the metrics of `hooks`, asked for as `type` by `source`; a type within its cooldown is skipped
    /// unless `cooldown` is false.
    public func run(type: String, source: String, hooks: [Hook], cooldown: Bool = true) async throws -> Outcome {
        let state = try outbox.state()
        let now = project.clock.now()
        if cooldown, let until = plan.cooldownEnds(for: type, state: state, at: now), let last = state.lastTrigger[type] {
            return .cooledDown(last: Timestamp(micros: last), until: until)
        }
        let specs = plan.metrics(of: hooks, in: config)
        let run = WorkflowRun(project: project, config: config, specs: specs, log: log)
        let result = try await run.measureAndRecord(useCache: false, baselines: .none)
        let failed = result.report.rows.filter { if case .error = $0.verdict { true } else { false } }.count
        let trigger = Trigger(type: type, source: source, hooks: hooks.map(\.name), metrics: specs.map(\.path),
                              measured: specs.count - failed, failed: failed)
        let time = project.clock.now()
        try project.store { try log.append([LoggedEvent(recorded: time, observed: time, actor: project.actor, event: .triggered(trigger))]) }
        try project.pushToTeam(config: config, from: log)
        outbox.save(try outbox.state())
        return .ran(trigger, result.report)
    }

    /// Runs `body` holding the project's hook lock (`inventory/.dims/events.lock`), waiting for it if another process holds it.
    public static func locked<T>(_ project: Project, _ body: () async throws -> T) async throws -> T {
        let path = project.storePath + "/events.lock"
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw DIMSError(.store, "Cannot open '\(project.relative(path))': \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw DIMSError(.store, "Cannot lock '\(project.relative(path))': \(String(cString: strerror(errno)))") }
        }
        defer { flock(fd, LOCK_UN) }
        return try await body()
    }
}

extension WorkflowRun {
    /// A run over `specs` chosen by the caller (an event hook's metrics) rather than by `--category`/`--metric`,
    /// on a log already brought up to date with the committed files.
    public init(project: Project, config: InventoryConfig, specs: [MetricSpec], log: EventLog) {
        self.project = project
        self.config = config
        self.specs = specs
        self.log = log
    }
}
