import ArgumentParser
import DIMSAlerts
import DIMSCore
import DIMSReports
import DIMSStore
import Foundation
import DIMSWorkflow

struct Events: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Measure metrics when something happens: event hooks, the git post-commit hook and cron schedules.",
        subcommands: [ShowStatus.self, Test.self, TriggerEvent.self, Install.self, Uninstall.self, CronLines.self, RunDue.self])

    /// The hooks `type` names (by hook name or trigger type); none is an error listing the hooks.
    static func hooks(for type: String, in config: InventoryConfig) throws -> [Hook] {
        let hooks = config.events.hooks(for: type)
        if hooks.isEmpty {
            let names = config.events.hooks.map(\.name) + Hook.Trigger.allCases.map(\.rawValue)
            let known = config.events.hooks.isEmpty ? " (events.hooks is empty)" : "; hooks: \(config.events.hooks.map(\.name).joined(separator: ", "))"
            throw DIMSError(.badInput, "No hook for event type '\(type)'\(Suggestion.hint(type, among: names))\(known)")
        }
        return hooks
    }

    struct ShowStatus: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show the hooks, the cooldown, the git hook and the triggers of the last 7 days.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let project = try Project(global)
            let config = try project.config()
            let settings = config.events
            let plan = HookPlan(settings: settings)
            let state = try project.openLogForReading().map { try Outbox(project: project, config: config, log: $0).state() } ?? OutboxState()
            let since = project.clock.now().adding(hours: -24 * 7).micros
            let recent = state.recent.filter { $0.micros >= since }
            let hookFile = GitHookFile.hooksFolder(root: project.root, hooksDir: settings.hooksDir).map { GitHookFile(path: $0 + "/post-commit") }
            let installed = hookFile?.isInstalled == true
            if global.json {
                let hooks = settings.hooks.map { hook in
                    EventsStatusAnswer.Hook(name: hook.name, trigger: hook.trigger.rawValue, metrics: hook.metrics,
                                            matched: plan.metrics(of: [hook], in: config).map(\.path.rawValue), schedule: hook.schedule?.expression,
                                            lastRun: state.lastHookRun[hook.name].map { Timestamp(micros: $0).iso8601 })
                }
                let triggers = recent.map { record in
                    EventsStatusAnswer.Trigger(time: Timestamp(micros: record.micros).iso8601, type: record.type, source: record.source,
                                               hooks: record.hooks, measured: record.measured, failed: record.failed)
                }
                Console.answer(EventsStatusAnswer(enabled: settings.enabled, cooldownSeconds: settings.cooldownSeconds, gitHookInstalled: installed,
                                                  hooks: hooks, triggers: triggers))
                return
            }
            Console.out("Event hooks: \(settings.enabled ? "enabled" : "disabled (events.enabled is false)"), cooldown \(Int(settings.cooldownSeconds)) s")
            Console.out("Git post-commit hook: \(installed ? "installed in \(project.relative(hookFile?.path ?? ""))" : "not installed (dims events install)")")
            if settings.hooks.isEmpty { Console.out("No hooks in events.hooks") }
            for hook in settings.hooks {
                let when = hook.schedule.map { "cron '\($0.expression)'" } ?? hook.trigger.rawValue
                let matched = plan.metrics(of: [hook], in: config).count
                let last = state.lastHookRun[hook.name].map { ", last run \(Timestamp(micros: $0).iso8601)" } ?? ""
                Console.out("  \(hook.name): \(when), metrics \(hook.metrics.joined(separator: ", ")) (\(matched) matched)\(last)")
            }
            Console.out("Triggers in the last 7 days: \(recent.count)")
            for record in recent.reversed() {
                let source = record.source.isEmpty ? "" : " from \(record.source)"
                Console.out("  \(Timestamp(micros: record.micros).iso8601) \(record.type)\(source): hooks \(record.hooks.joined(separator: ", ")); "
                            + "\(record.measured) measured, \(record.failed) failed")
            }
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "test",
            abstract: "Show what a trigger of an event type would measure, without measuring.",
            discussion: "Exits 2 when no hook matches the event type.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "The event type: a hook's name or a trigger (post-commit, s3_event, scraper_complete, cron).")
        var eventType: String

        func run() async throws {
            let project = try Project(global)
            let config = try project.config()
            let hooks = try Events.hooks(for: eventType, in: config)
            let plan = HookPlan(settings: config.events)
            let specs = plan.metrics(of: hooks, in: config)
            let state = try project.openLogForReading().map { try Outbox(project: project, config: config, log: $0).state() } ?? OutboxState()
            let until = plan.cooldownEnds(for: eventType, state: state, at: project.clock.now())
            if global.json {
                Console.answer(EventsTestAnswer(eventType: eventType, hooks: hooks.map(\.name), metrics: specs.map(\.path.rawValue),
                                                enabled: config.events.enabled, cooldownUntil: until?.iso8601))
                return
            }
            Console.out("Event type '\(eventType)' runs hooks: \(hooks.map(\.name).joined(separator: ", "))")
            Console.out("It would measure \(specs.count) metrics: \(specs.map(\.path.rawValue).joined(separator: ", "))")
            if !config.events.enabled { Console.out("Event hooks are disabled (events.enabled is false): a trigger would do nothing") }
            if let until { Console.out("A trigger now would be skipped: cooldown until \(until.iso8601)") }
        }
    }

    struct TriggerEvent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trigger",
            abstract: "Measure the metrics of the hooks an event type names, and record the trigger.",
            discussion: """
                A trigger within events.cooldown_seconds of the previous one of the same type is skipped (read from the \
                log, so it holds across processes). Exits 2 when no hook matches or a measurement failed.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: "The event type: a hook's name or a trigger (post-commit, s3_event, scraper_complete, cron).")
        var eventType: String

        @Option(help: "Who sends the event (e.g. a scraper's name).")
        var source: String = ""

        func run() async throws {
            let project = try Project(global)
            let config = try project.config()
            let hooks = try Events.hooks(for: eventType, in: config)
            guard config.events.enabled else {
                global.json ? Console.answer(TriggerAnswer(eventType: eventType, skipped: "disabled")) : Console.out("Event hooks are disabled (events.enabled is false); nothing measured")
                return
            }
            let log = try project.openSyncedLog(config, mode: .read)
            let outcome = try await HookRunner.locked(project) {
                try await HookRunner(project: project, config: config, log: log).run(type: eventType, source: source, hooks: hooks)
            }
            try Events.print(outcome, type: eventType, json: global.json)
        }
    }

    static func print(_ outcome: HookRunner.Outcome, type: String, json: Bool) throws {
        switch outcome {
        case .cooledDown(let last, let until):
            if json {
                Console.answer(TriggerAnswer(eventType: type, skipped: "cooldown", last: last.iso8601, cooldownUntil: until.iso8601))
            } else {
                Console.out("Skipped '\(type)': the previous trigger was at \(last.iso8601); cooldown until \(until.iso8601)")
            }
        case .ran(let trigger, let report):
            if json {
                Console.answer(TriggerAnswer(eventType: type, hooks: trigger.hooks, metrics: trigger.metrics.map(\.rawValue),
                                             measured: trigger.measured, failed: trigger.failed))
            } else {
                for row in report.rows { Console.out(TerminalFormat.verifyLine(for: row, useColor: Console.useColor)) }
                Console.out("Triggered '\(type)' (hooks \(trigger.hooks.joined(separator: ", "))): \(trigger.measured) measured, \(trigger.failed) failed")
            }
            if trigger.failed > 0 { throw Status.badInput }
        }
    }

    struct Install: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "install",
            abstract: "Add a git post-commit hook that triggers 'post-commit' in the background, keeping any hook already there.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let project = try Project(global)
            let config = try project.config()
            let file = try Events.hookFile(project, config)
            let binary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
            do {
                let changed = try file.install(GitHookFile.block(binary: binary, root: project.root))
                Console.out(changed ? "Installed the post-commit hook in \(project.relative(file.path))" : "The post-commit hook in \(project.relative(file.path)) is up to date")
            } catch {
                throw DIMSError(.output, "Cannot write '\(project.relative(file.path))': \(error)")
            }
            if config.events.hooks(for: Hook.Trigger.postCommit.rawValue).isEmpty {
                Console.err("dims: warning: no hook in events.hooks has trigger post-commit; commits will measure nothing")
            }
        }
    }

    struct Uninstall: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "uninstall", abstract: "Remove dims's lines from the git post-commit hook, keeping the rest.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let project = try Project(global)
            let file = try Events.hookFile(project, try project.config())
            do {
                let changed = try file.uninstall()
                Console.out(changed ? "Removed dims from \(project.relative(file.path))" : "No dims lines in \(project.relative(file.path))")
            } catch {
                throw DIMSError(.output, "Cannot write '\(project.relative(file.path))': \(error)")
            }
        }
    }

    static func hookFile(_ project: Project, _ config: InventoryConfig) throws -> GitHookFile {
        guard let folder = GitHookFile.hooksFolder(root: project.root, hooksDir: config.events.hooksDir) else {
            throw DIMSError(.badInput, "'\(project.root)' is not in a git repository; set events.hooks_dir to say where the hook goes")
        }
        return GitHookFile(path: folder + "/post-commit")
    }

    struct CronLines: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cron",
            abstract: "Print the crontab lines of the cron hooks.",
            discussion: "One line '* * * * * dims events run-due' serves every schedule instead.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let project = try Project(global)
            let config = try project.config()
            let binary = GitHookFile.quote((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "dims")
            let root = GitHookFile.quote(project.root)
            let lines = config.events.hooks.compactMap { hook -> String? in
                guard hook.trigger == .cron, let schedule = hook.schedule else { return nil }
                return "\(schedule.expression) \(binary) events trigger --root \(root) --event-type \(GitHookFile.quote(hook.name)) --source cron"
            }
            if global.json {
                Console.answer(CronAnswer(lines: lines, runDue: "* * * * * \(binary) events run-due --root \(root)"))
                return
            }
            if lines.isEmpty { Console.out("# No cron hooks in events.hooks") }
            for line in lines { Console.out(line) }
            Console.out("# or, for every schedule at once:\n# * * * * * \(binary) events run-due --root \(root)")
        }
    }

    struct RunDue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run-due",
            abstract: "Run each cron hook whose schedule came due since its last run, once.",
            discussion: "Meant for a crontab line '* * * * * dims events run-due'. Exits 2 when a measurement failed.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let project = try Project(global)
            let config = try project.config()
            guard config.events.enabled else {
                global.json ? Console.answer(RunDueAnswer(ran: [], failed: 0)) : Console.out("Event hooks are disabled (events.enabled is false); nothing run")
                return
            }
            let log = try project.openSyncedLog(config, mode: .read)
            let outcomes = try await HookRunner.locked(project) {
                let runner = HookRunner(project: project, config: config, log: log)
                let due = HookPlan(settings: config.events).due(state: try runner.outbox.state(), at: project.clock.now())
                var outcomes: [HookRunner.Outcome] = []
                for hook in due { outcomes.append(try await runner.run(type: hook.name, source: "cron", hooks: [hook], cooldown: false)) }
                return outcomes
            }
            let ran = outcomes.compactMap { if case .ran(let trigger, _) = $0 { trigger } else { nil } }
            if global.json {
                Console.answer(RunDueAnswer(ran: ran.map(\.hooks).flatMap { $0 }, failed: ran.map(\.failed).reduce(0, +)))
            } else if ran.isEmpty {
                Console.out("No cron hook is due")
            } else {
                for trigger in ran { Console.out("Ran '\(trigger.type)': \(trigger.measured) measured, \(trigger.failed) failed") }
            }
            if ran.contains(where: { $0.failed > 0 }) { throw Status.badInput }
        }
    }
}

/// `events status --json`: the settings, each hook (its schedule and last run null when it has none) and the triggers
/// of the last 7 days.
struct EventsStatusAnswer: Encodable {
    struct Hook: Encodable {
        let name: String
        let trigger: String
        let metrics: [String]
        let matched: [String]
        let schedule: String?
        let lastRun: String?

        enum CodingKeys: String, CodingKey {
            case name, trigger, metrics, matched, schedule, lastRun = "last_run"
        }
    }

    struct Trigger: Encodable {
        let time: String
        let type: String
        let source: String
        let hooks: [String]
        let measured: Int
        let failed: Int
    }

    let enabled: Bool
    let cooldownSeconds: Double
    let gitHookInstalled: Bool
    let hooks: [Hook]
    let triggers: [Trigger]

    enum CodingKeys: String, CodingKey {
        case enabled, cooldownSeconds = "cooldown_seconds", gitHookInstalled = "git_hook_installed", hooks, triggers
    }
}

/// `events test --json`: the hooks and metrics a trigger would run, and until when a cooldown holds (or null).
struct EventsTestAnswer: Encodable {
    let eventType: String
    let hooks: [String]
    let metrics: [String]
    let enabled: Bool
    let cooldownUntil: String?

    enum CodingKeys: String, CodingKey {
        case eventType = "event_type", hooks, metrics, enabled, cooldownUntil = "cooldown_until"
    }
}

/// `events trigger --json`: what ran, or why nothing did (`skipped`: `disabled` or `cooldown`, else null).
struct TriggerAnswer: Encodable {
    let eventType: String
    var skipped: String?
    var last: String?
    var cooldownUntil: String?
    var hooks: [String] = []
    var metrics: [String] = []
    var measured = 0
    var failed = 0

    enum CodingKeys: String, CodingKey {
        case eventType = "event_type", skipped, last, cooldownUntil = "cooldown_until", hooks, metrics, measured, failed
    }
}

/// `events cron --json`: a crontab line per cron hook, and the one line that serves them all.
struct CronAnswer: Encodable {
    let lines: [String]
    let runDue: String

    enum CodingKeys: String, CodingKey {
        case lines, runDue = "run_due"
    }
}

/// `events run-due --json`: the hooks that ran and how many measurements failed.
struct RunDueAnswer: Encodable {
    let ran: [String]
    let failed: Int
}
