/// Which baseline moves wait for a person: the pure rules of `approval:` and the collapse-to-zero guard.
public struct ApprovalPolicy: Sendable {
    public var settings: ApprovalSettings
    public var thresholds: Thresholds

    public init(settings: ApprovalSettings, thresholds: Thresholds) {
        self.settings = settings
        self.thresholds = thresholds
    }

    /// Why moving a baseline as `change` says needs approval, or nil when it may move.
    ///
    /// A first baseline never needs approval. A fall to the type's empty value always does, unless the metric
    /// allows zero; the other rules hold only while approvals are enabled.
    public func trigger(for change: BaselineChange, volatility: Volatility, allowsZero: Bool) -> ApprovalTrigger? {
        guard let previous = change.previous, previous != change.value else { return nil }
        if change.value.isEmptyValue, !previous.isEmptyValue, !allowsZero { return .collapse }
        guard settings.enabled else { return nil }
        let verdict = Verdict.compare(change.value, baseline: previous, thresholds: thresholds)
        if settings.isCritical(change.metric) {
            switch verdict {
            case .drifted(_, _, let percent) where percent.map { abs($0) >= settings.threshold } ?? true: return .criticalMetric
            case .changed: return .criticalMetric
            default: break
            }
        }
        if volatility == .stable, verdict.isDrift, verdict.level == .critical { return .stableCriticalDrift }
        return nil
    }

    /// Splits a run's baseline moves into those that move now, new requests, and those held by an earlier
    /// request for the same move (still pending, or rejected: asked again only when the value changes).
    public func split(_ changes: [BaselineChange], specs: [MetricPath: MetricSpec], approvals: Approvals) -> BaselineMoves {
        var moves = BaselineMoves()
        for change in changes {
            let spec = specs[change.metric]
            guard let previous = change.previous,
                  let trigger = trigger(for: change, volatility: spec?.volatility ?? .volatile, allowsZero: spec?.allowsZero ?? false) else {
                moves.apply.append(change)
                continue
            }
            if let latest = approvals.latest(for: change.metric), latest.request.value == change.value, latest.request.previous == previous {
                switch latest.status {
                case .pending:
                    moves.awaiting.append(latest)
                    continue
                case .rejected:
                    moves.rejected.append(latest)
                    continue
                case .granted:
                    // Approved without being applied (`--no-auto-apply`): the person's yes holds for this move.
                    moves.apply.append(change)
                    continue
                case .superseded:
                    break
                }
            }
            moves.requests.append(ApprovalRequest(metric: change.metric, previous: previous, value: change.value, trigger: trigger, run: change.reason))
        }
        return moves
    }
}

/// A run's baseline moves, split by `ApprovalPolicy`.
public struct BaselineMoves: Hashable, Sendable {
    /// Moves made now.
    public var apply: [BaselineChange] = []
    /// Moves that become new requests.
    public var requests: [ApprovalRequest] = []
    /// Moves already awaiting a pending request.
    public var awaiting: [ApprovalRecord] = []
    /// Moves a reviewer rejected; not asked again until the value changes.
    public var rejected: [ApprovalRecord] = []

    public init() {}

    /// Whether any move waits for a person.
    public var isHolding: Bool { !requests.isEmpty || !awaiting.isEmpty }
}

extension Value {
    /// Zero, 0.0 or the empty string: what a failed command that still printed something often gives.
    public var isEmptyValue: Bool {
        switch self {
        case .integer(let v): v == 0
        case .float(let v): v == 0
        case .string(let v): v.isEmpty
        case .boolean: false
        }
    }
}

extension MetricSpec {
    /// `allow_zero: true`: a fall to zero is a fact for this metric, not a failure, and needs no approval.
    public var allowsZero: Bool { options["allow_zero"]?.bool ?? false }
}
