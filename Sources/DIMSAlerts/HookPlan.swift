public import DIMSCore
import DIMSProbes

/// Which hooks an event runs, which metrics they measure, and which cron hooks are due.
public struct HookPlan: Sendable {
    public let settings: EventSettings

    public init(settings: EventSettings) {
        self.settings = settings
    }

    /// The enabled metrics matched by any of `hooks`' patterns, in config order.
    public func metrics(of hooks: [Hook], in config: InventoryConfig) -> [MetricSpec] {
        let patterns = hooks.flatMap(\.metrics).map(Glob.init)
        return config.enabledMetrics.filter { spec in patterns.contains { $0.matches(spec.path.rawValue) } }
    }

    /// When a trigger of `type` would be skipped: the time its cooldown ends, if that is after `now`.
    public func cooldownEnds(for type: String, state: OutboxState, at now: Timestamp) -> Timestamp? {
        guard let last = state.lastTrigger[type] else { return nil }
        let ends = Timestamp(micros: last).adding(seconds: settings.cooldownSeconds)
        return ends > now ? ends : nil
    }

    /// The cron hooks with a scheduled minute after their last run and at or before `now`; a hook that never ran
    /// is due when its schedule matches the current minute.
    public func due(state: OutboxState, at now: Timestamp) -> [Hook] {
        settings.hooks.filter { hook in
            guard hook.trigger == .cron, let schedule = hook.schedule else { return false }
            guard let last = state.lastHookRun[hook.name] else { return schedule.matches(now) }
            return schedule.next(after: Timestamp(micros: last), through: now) != nil
        }
    }
}
