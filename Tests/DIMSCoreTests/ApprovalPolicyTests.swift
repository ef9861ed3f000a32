import DIMSCore
import DIMSTestSupport
import Testing

/// Which baseline moves wait for a person, and when a request can be decided.
struct ApprovalPolicyTests {
    let enabled = ApprovalPolicy(settings: ApprovalSettings(enabled: true, criticalMetrics: ["s3_storage.*", "code_base.python_files"], threshold: 10),
                                 thresholds: Thresholds())
    let disabled = ApprovalPolicy(settings: ApprovalSettings(), thresholds: Thresholds())

    func change(_ metric: MetricPath, _ previous: Value?, _ value: Value) -> BaselineChange {
        BaselineChange(metric: metric, previous: previous, value: value, reason: .verifyUpdate)
    }

    /// Glob patterns match whole paths: `*` any run of characters, `?` one.
    @Test func patternsMatchWholePaths() {
        #expect(MetricPattern("s3_storage.*").matches("s3_storage.total_objects"))
        #expect(!MetricPattern("s3_storage.*").matches("code_base.s3_storage"))
        #expect(MetricPattern("*.total_*").matches("s3_storage.total_objects"))
        #expect(MetricPattern("code_base.python_file?").matches("code_base.python_files"))
        #expect(!MetricPattern("code_base.python_files").matches("code_base.python_files_old"))
        #expect(MetricPattern("*").matches("a.b"))
    }

    /// A critical metric moving by at least the threshold needs approval; below it, it does not.
    @Test func criticalMetricAtThreshold() {
        #expect(enabled.trigger(for: change("s3_storage.total_objects", .integer(100), .integer(120)), volatility: .volatile, allowsZero: false) == .criticalMetric)
        #expect(enabled.trigger(for: change("s3_storage.total_objects", .integer(100), .integer(90)), volatility: .volatile, allowsZero: false) == .criticalMetric)
        #expect(enabled.trigger(for: change("s3_storage.total_objects", .integer(100), .integer(109)), volatility: .volatile, allowsZero: false) == nil)
        #expect(enabled.trigger(for: change("code_base.other", .integer(100), .integer(120)), volatility: .volatile, allowsZero: false) == nil)
    }

    /// A fall to zero or the empty string needs approval even with approvals off, unless the metric allows zero.
    @Test func collapseGuardHoldsWhenDisabled() {
        #expect(disabled.trigger(for: change("a.b", .integer(172_975), .integer(0)), volatility: .volatile, allowsZero: false) == .collapse)
        #expect(disabled.trigger(for: change("a.b", .float(1.5), .float(0)), volatility: .volatile, allowsZero: false) == .collapse)
        #expect(disabled.trigger(for: change("a.b", .string("v1"), .string("")), volatility: .volatile, allowsZero: false) == .collapse)
        #expect(disabled.trigger(for: change("a.b", .integer(172_975), .integer(0)), volatility: .volatile, allowsZero: true) == nil)
        #expect(disabled.trigger(for: change("a.b", .integer(0), .integer(0)), volatility: .volatile, allowsZero: false) == nil)
        #expect(disabled.trigger(for: change("a.b", nil, .integer(0)), volatility: .volatile, allowsZero: false) == nil)
        #expect(disabled.trigger(for: change("s3_storage.x", .integer(100), .integer(200)), volatility: .stable, allowsZero: false) == nil)
    }

    /// A stable metric's critical drift needs approval while approvals are on; a volatile one's does not.
    @Test func stableCriticalDrift() {
        #expect(enabled.trigger(for: change("a.b", .integer(100), .integer(130)), volatility: .stable, allowsZero: false) == .stableCriticalDrift)
        #expect(enabled.trigger(for: change("a.b", .integer(100), .integer(120)), volatility: .stable, allowsZero: false) == nil)
        #expect(enabled.trigger(for: change("a.b", .integer(100), .integer(130)), volatility: .volatile, allowsZero: false) == nil)
    }

    /// A move already pending or rejected for the same value is held without a new request; a new value asks again;
    /// a value granted without being applied moves.
    @Test func splitHonoursEarlierRequests() {
        let t = EventFactory.start
        func requested(_ number: UInt32, _ value: Int64) -> LoggedEvent {
            LoggedEvent(seq: UInt64(number), recorded: t, observed: t, actor: "a", event: .approvalRequested(ApprovalRequest(
                number: number, metric: MetricPath("s3_storage.\(number)"), previous: .integer(100), value: .integer(value), trigger: .criticalMetric, run: .verifyUpdate)))
        }
        func decided(_ number: UInt32, granted: Bool) -> LoggedEvent {
            let decision = ApprovalDecision(number: number, metric: MetricPath("s3_storage.\(number)"), reviewer: "r", notes: "", applied: false)
            return LoggedEvent(seq: 10 + UInt64(number), recorded: t, observed: t, actor: "r", event: granted ? .approvalGranted(decision) : .approvalRejected(decision))
        }
        let approvals = Approvals(replaying: [requested(1, 150), requested(2, 150), requested(3, 150), decided(2, granted: false), decided(3, granted: true)])
        let moves = enabled.split([
            change("s3_storage.1", .integer(100), .integer(150)),
            change("s3_storage.2", .integer(100), .integer(150)),
            change("s3_storage.3", .integer(100), .integer(150)),
            change("s3_storage.4", .integer(100), .integer(150)),
            change("s3_storage.2", .integer(100), .integer(160)),
            change("code_base.files", .integer(100), .integer(150)),
        ], specs: [:], approvals: approvals)
        #expect(moves.awaiting.map(\.number) == [1])
        #expect(moves.rejected.map(\.number) == [2])
        #expect(moves.apply.map(\.metric) == ["s3_storage.3", "code_base.files"])
        #expect(moves.requests.map(\.metric) == ["s3_storage.4", "s3_storage.2"])
        #expect(moves.isHolding)
    }

    /// A request is stale once a newer measurement differs from its value or its baseline moved after it.
    @Test func refusalNamesWhyARequestCannotBeDecided() {
        let t = EventFactory.start
        let record = ApprovalRecord(request: ApprovalRequest(number: 4, metric: "a.b", previous: .integer(10), value: .integer(0), trigger: .collapse, run: .update),
                                    observed: t, seq: 5, actor: "a")
        #expect(record.refusal(state: nil) == nil)
        let sameValue = MetricState(lastValue: Point(observed: t.adding(hours: 1), seq: 9, value: .integer(0)))
        #expect(record.refusal(state: sameValue) == nil)
        let newer = MetricState(lastValue: Point(observed: t.adding(hours: 1), seq: 9, value: .integer(7)))
        #expect(record.refusal(state: newer)?.code == .stale)
        let moved = MetricState(baseline: BaselineRecord(value: .integer(12), previous: .integer(10), observed: t.adding(hours: 1), seq: 9, actor: "b", reason: .manual))
        #expect(record.refusal(state: moved)?.code == .stale)
        var superseded = record
        superseded.status = .superseded(by: 6)
        #expect(superseded.refusal(state: nil)?.message == "Request #4 for 'a.b' is stale: request #6 for the same metric is newer; decide that one")
    }
}
