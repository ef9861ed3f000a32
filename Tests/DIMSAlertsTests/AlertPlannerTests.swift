import DIMSAlerts
import DIMSCore
import Testing

struct AlertPlannerTests {
    static let start = Timestamp.parse("2025-10-01T09:00:00Z")!
    static let settings = AlertSettings(enabled: true, channels: [
        AlertChannel(name: "team", kind: .webhook, url: "${URL}", minLevel: .major, repeatAfterHours: 24),
        AlertChannel(name: "s3", kind: .slack, url: "${URL}", minLevel: .moderate, metrics: ["s3_storage.*"]),
    ])

    static func row(_ metric: MetricPath, _ value: Int64, baseline: Int64) -> InventoryReport.Row {
        let verdict = Verdict.compare(.integer(value), baseline: .integer(baseline), thresholds: Thresholds())
        return InventoryReport.Row(metric: metric, description: "", volatility: .volatile, value: .integer(value), measured: start,
                                   baseline: .integer(baseline), baselineSet: start, verdict: verdict, severity: .none, series: [])
    }

    static func failed(_ metric: MetricPath) -> InventoryReport.Row {
        InventoryReport.Row(metric: metric, description: "", volatility: .volatile, value: nil, measured: start, baseline: .integer(1),
                            baselineSet: start, verdict: .error("exit status 1"), severity: .none, series: [])
    }

    /// Folds the planned alerts into `state` as the log would, one seq each.
    static func record(_ alerts: [Alert], into state: inout OutboxState, at time: Timestamp) {
        for alert in alerts {
            state.apply(LoggedEvent(seq: state.seq + 1, recorded: time, observed: time, actor: "a@b", event: .alertQueued(alert)))
        }
    }

    @Test func enteringTheChannelsLevelFiresOnceThenStaysQuietThenResolvesOnce() {
        let planner = AlertPlanner(settings: Self.settings)
        var state = OutboxState()
        let first = planner.alerts(for: [Self.row("code.files", 120, baseline: 100)], state: state, at: Self.start)
        #expect(first.map(\.kind) == [.firing])
        #expect(first.first?.level == .major)
        #expect(first.first?.channel == "team", "the s3 channel only wants s3_storage metrics")
        Self.record(first, into: &state, at: Self.start)
        let later = Self.start.adding(hours: 2)
        #expect(planner.alerts(for: [Self.row("code.files", 121, baseline: 100)], state: state, at: later).isEmpty)
        let back = planner.alerts(for: [Self.row("code.files", 101, baseline: 100)], state: state, at: later)
        #expect(back.map(\.kind) == [.resolved])
        Self.record(back, into: &state, at: later)
        #expect(planner.alerts(for: [Self.row("code.files", 100, baseline: 100)], state: state, at: later).isEmpty)
    }

    @Test func stayingFiringRemindsAfterRepeatAfter() {
        let planner = AlertPlanner(settings: Self.settings)
        var state = OutboxState()
        Self.record(planner.alerts(for: [Self.row("code.files", 120, baseline: 100)], state: state, at: Self.start), into: &state, at: Self.start)
        #expect(planner.alerts(for: [Self.row("code.files", 120, baseline: 100)], state: state, at: Self.start.adding(hours: 23.9)).isEmpty)
        let reminder = planner.alerts(for: [Self.row("code.files", 120, baseline: 100)], state: state, at: Self.start.adding(hours: 24))
        #expect(reminder.map(\.kind) == [.reminder])
    }

    @Test func escalationFiresAgainAndAnErrorAlerts() {
        let planner = AlertPlanner(settings: Self.settings)
        var state = OutboxState()
        Self.record(planner.alerts(for: [Self.row("code.files", 120, baseline: 100)], state: state, at: Self.start), into: &state, at: Self.start)
        let worse = planner.alerts(for: [Self.row("code.files", 200, baseline: 100)], state: state, at: Self.start)
        #expect(worse.map(\.kind) == [.firing])
        #expect(worse.first?.level == .critical)
        let error = planner.alerts(for: [Self.failed("code.lines")], state: OutboxState(), at: Self.start)
        #expect(error.map(\.level) == [.error])
        #expect(error.first?.text.contains("ERROR (exit status 1)") == true)
    }

    @Test func belowTheMinimumNothingIsSent() {
        let planner = AlertPlanner(settings: Self.settings)
        #expect(planner.alerts(for: [Self.row("code.files", 110, baseline: 100)], state: OutboxState(), at: Self.start).isEmpty)
        let s3 = planner.alerts(for: [Self.row("s3_storage.objects", 110, baseline: 100)], state: OutboxState(), at: Self.start)
        #expect(s3.map(\.channel) == ["s3"], "moderate reaches the channel whose minimum is moderate")
        var disabled = Self.settings
        disabled.enabled = false
        #expect(AlertPlanner(settings: disabled).alerts(for: [Self.row("code.files", 200, baseline: 100)], state: OutboxState(), at: Self.start).isEmpty)
    }

    @Test func deliveryClearsPendingAndFailureCountsAttempts() {
        var state = OutboxState()
        let alert = Alert(channel: "team", kind: .firing, level: .major, metric: "a.b", text: "x")
        let queued = LoggedEvent(seq: 1, recorded: Self.start, observed: Self.start, actor: "a@b", event: .alertQueued(alert))
        state.apply(queued)
        #expect(state.pending.keys.sorted() == [1])
        state.apply(LoggedEvent(seq: 2, recorded: Self.start, observed: Self.start, actor: "a@b",
                                event: .alertFailed(AlertOutcome(alert: queued.id, channel: "team", status: 500, attempts: 3, reason: "HTTP 500"))))
        #expect(state.pending[1]?.attempts == 3)
        state.apply(LoggedEvent(seq: 3, recorded: Self.start, observed: Self.start, actor: "a@b",
                                event: .alertDelivered(AlertOutcome(alert: queued.id, channel: "team", status: 200, attempts: 1))))
        #expect(state.pending.isEmpty)
        state.apply(queued)
        #expect(state.pending.isEmpty, "an event at or before the folded seq is not folded twice")
    }
}

struct ChannelTargetTests {
    @Test func urlComesFromTheEnvironmentAndShowsOnlyItsHost() throws {
        let target = try ChannelTarget("${HOOK}", environment: ["HOOK": "https://hooks.example.com:8443/services/T0/SECRET?token=x"])
        #expect(target.redacted == "https://hooks.example.com:8443/…")
        #expect(ChannelTarget.redact("https://user:pw@example.com") == "https://example.com")
        #expect(ChannelTarget.redact("not a url") == "…")
    }

    @Test func missingVariableIsNamed() {
        let error = #expect(throws: AlertError.self) { try ChannelTarget("${NOPE}", environment: [:]) }
        #expect(error?.message == "The environment variable 'NOPE' is not set")
    }
}

struct HookPlanTests {
    static let now = Timestamp.parse("2025-10-02T02:00:30Z")!
    static let settings = EventSettings(enabled: true, cooldownSeconds: 300, hooks: [
        Hook(name: "nightly", trigger: .cron, schedule: try! CronSchedule("0 2 * * *"), metrics: ["a.*"]),
        Hook(name: "hourly", trigger: .cron, schedule: try! CronSchedule("30 * * * *"), metrics: ["b.*"]),
        Hook(name: "commit", trigger: .postCommit, metrics: ["a.x"]),
    ])

    @Test func cronHooksAreDueOncePerScheduledTime() {
        let plan = HookPlan(settings: Self.settings)
        var state = OutboxState()
        #expect(plan.due(state: state, at: Self.now).map(\.name) == ["nightly"], "a hook that never ran is due when its minute matches")
        state.lastHookRun["nightly"] = Self.now.micros
        state.lastHookRun["hourly"] = Timestamp.parse("2025-10-02T01:30:00Z")!.micros
        #expect(plan.due(state: state, at: Self.now.adding(seconds: 20)).isEmpty)
        #expect(plan.due(state: state, at: Timestamp.parse("2025-10-02T02:45:00Z")!).map(\.name) == ["hourly"])
        #expect(plan.due(state: state, at: Timestamp.parse("2025-10-03T02:00:00Z")!).map(\.name) == ["nightly", "hourly"],
                "a missed schedule runs once, not once per missed time")
    }

    @Test func cooldownIsReadFromTheLastTriggerOfTheType() {
        let plan = HookPlan(settings: Self.settings)
        var state = OutboxState()
        #expect(plan.cooldownEnds(for: "post-commit", state: state, at: Self.now) == nil)
        state.lastTrigger["post-commit"] = Self.now.micros
        #expect(plan.cooldownEnds(for: "post-commit", state: state, at: Self.now.adding(seconds: 299)) == Self.now.adding(seconds: 300))
        #expect(plan.cooldownEnds(for: "post-commit", state: state, at: Self.now.adding(seconds: 300)) == nil)
        #expect(plan.cooldownEnds(for: "nightly", state: state, at: Self.now) == nil)
    }
}

struct AlertChannelTrustTests {
    /// A URL that is one environment variable is the user's choice; a written URL or a command is the repository's.
    @Test func onlyTheRepositorysChoicesNeedTrust() {
        #expect(AlertChannel(name: "a", kind: .slack, url: "${SLACK_URL}").trustText == nil)
        #expect(AlertChannel(name: "a", kind: .webhook, url: "https://evil.example/${TOKEN}").trustText == "https://evil.example/${TOKEN}")
        #expect(AlertChannel(name: "a", kind: .webhook, url: "https://evil.example/secret/path").trustText == "https://evil.example/…")
        #expect(AlertChannel(name: "a", kind: .command, command: "notify").trustText == "notify")
    }
}
