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
