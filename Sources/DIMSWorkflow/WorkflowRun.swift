public import DIMSCore
public import DIMSInventory
public import DIMSStore

/// Which baselines a run moves.
public enum BaselinePolicy {
    case none
    /// Drifted and new metrics (`verify --update`).
    case driftedAndNew(BaselineReason)
    /// Every successfully measured metric whose value differs from its baseline (`update`).
    case allChanged(BaselineReason)
}

/// The shared flow of `verify` and `update`: measure first, then append one batch, then rewrite metrics.yaml.
public struct WorkflowRun {
    public let project: Project
    public let config: InventoryConfig
    public let specs: [MetricSpec]
    public let log: EventLog

    public struct Result {
        public var report: InventoryReport
        public var outcomes: [Outcome]
        public var updated: [MetricPath]
        public var held = HeldMoves()
        /// Whether the team log was left unused because the user has not trusted its server.
        public var teamRefused = false
    }

    /// Opens the log and brings it up to date with the committed files; `select` picks the metrics of the config to
    /// measure, `files` says what the sync may rewrite.
    public init(project: Project, select: (InventoryConfig) throws -> [MetricSpec], files: Importer.Mode) async throws {
        self.project = project
        config = try project.config()
        specs = try select(config)
        log = try project.openSyncedLog(config, mode: files)
        try project.pullFromTeam(config: config, into: log)
    }

    /// What one run measured: the readings, failures and cache writes to append, the report rows, and the baseline
    /// moves the policy asks for.
    public struct Batch {
        public var events: [LoggedEvent]
        public var rows: [InventoryReport.Row]
        public var changes: [BaselineChange]
    }

    public func measureAndRecord(useCache: Bool, baselines policy: BaselinePolicy) async throws -> Result {
        let measurement = MeasurementRun(project: project, config: config)
        let outcomes = try await measurement.measure(specs, log: log, useCache: useCache)
        let now = project.clock.now()
        var batch = try assemble(outcomes, measurement: measurement, policy: policy, at: now)
        // Decisions about the batch go here, before the one append.
        // Moves that need a person's approval become requests instead.
        let approval = try ApprovalStep(project: project, config: config, log: log)
        let moves = approval.split(batch.changes)
        batch.events += approval.events(for: moves, at: now)
        let updated = moves.apply.map(\.metric)
        // Alerts the readings and requests call for go in the outbox: the same append.
        let outbox = Outbox(project: project, config: config, log: log)
        batch.events += try outbox.queue(batch.rows, with: batch.events, at: now)
        // One transaction: the readings, cache writes, baseline moves, requests and queued alerts commit together or not at all.
        let appended = try project.store { try log.append(batch.events) }
        try project.pushToTeam(config: config, from: log)
        if !updated.isEmpty { try MetricsFileWriter(project: project, config: config).write(from: log) }
        var report = InventoryReport(generated: now, root: project.root, rows: batch.rows)
        report.approvals = try project.store { try log.approvals().pending }
        // Delivery happens after the commit; its outcomes are appended in turn.
        try await outbox.deliver()
        return Result(report: report, outcomes: outcomes, updated: updated, held: ApprovalStep.held(moves, appended: appended),
                      teamRefused: project.teamRefused)
    }

    /// The events and report rows of one run's outcomes, and the baseline moves `policy` asks for.
    public func assemble(_ outcomes: [Outcome], measurement: MeasurementRun, policy: BaselinePolicy, at now: Timestamp) throws -> Batch {
        let states = try project.store { try log.currentStates() }
        let events = measurement.events(for: outcomes, at: now)
        var rows: [InventoryReport.Row] = []
        var changes: [BaselineChange] = []
        for outcome in outcomes {
            let baseline = states[outcome.spec.path]?.baseline
            let row = Rows.row(outcome, baseline: baseline?.value, baselineSet: baseline?.observed, config: config, at: now)
            rows.append(row)
            guard case .value(let value) = outcome.result else { continue }
            let move: BaselineReason? = switch policy {
            case .none: nil
            case .driftedAndNew(let reason): row.verdict.isDrift || row.verdict == .new ? reason : nil
            case .allChanged(let reason): baseline?.value != value ? reason : nil
            }
            if let reason = move {
                changes.append(BaselineChange(metric: outcome.spec.path, previous: baseline?.value, value: value, reason: reason))
            }
        }
        return Batch(events: events, rows: rows, changes: changes)
    }
}
