import ArgumentParser
import DIMSCore
import DIMSStore
import Foundation
import DIMSWorkflow

struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
            commandName: "info", abstract: "Show the version, project, config, event log and which features are active.")

    @OptionGroup var global: GlobalOptions

    /// Features dims acts on; the rest of `features:` is accepted but not active yet.
    static let activeFeatures: Set<String> = ["smart_cache", "event_driven", "approval_workflow", "database_backend"]

    /// `Approvals: on for 2 critical patterns at 10%, 1 pending (see 'dims approve list')`.
    static func approvals(_ settings: ApprovalSettings, pending: Int) -> String {
        let state = settings.enabled
            ? "on for \(settings.criticalMetrics.count) critical \(settings.criticalMetrics.count == 1 ? "pattern" : "patterns") at \(settings.threshold)% and critical drift of stable metrics"
            : "off (a fall to zero still waits for approval)"
        return "Approvals: \(state), \(pending) pending" + (pending > 0 ? " (see 'dims approve list')" : "")
    }

    func run() throws {
        try Info.run(global.values)
    }

    static func run(_ global: GlobalValues) throws {
        let project = try Project(global)
        let config = try project.config()
        let log = try project.openSyncedLogForReading(config)
        let events = try log.map { l in try project.store { try l.lastSeq() } } ?? 0
        let size = log?.sizeOnDisk ?? 0
        if global.json {
            let features = config.features.map { feature in
                InfoAnswer.Feature(name: feature.name, enabled: feature.enabled, active: feature.enabled && Info.activeFeatures.contains(feature.name))
            }
            Console.answer(InfoAnswer(version: DIMSVersion.current, root: project.root, config: project.relative(project.configPath),
                                      configVersion: config.version, store: project.relative(project.storePath), storeBytes: size,
                                      storeIgnored: project.storeIsIgnored, events: events, metrics: config.metrics.count,
                                      enabledMetrics: config.enabledMetrics.count, features: features, inactiveSections: config.inactiveSections))
            return
        }
        Console.out("dims \(DIMSVersion.current)")
        Console.out("Project root: \(project.root)")
        Console.out("Config: \(project.relative(project.configPath)) (version \(config.version))")
        Console.out("Metrics: \(config.enabledMetrics.count) enabled of \(config.metrics.count), in \(Set(config.metrics.map(\.path.category)).count) categories")
        Console.out("Event log: \(project.relative(project.storePath)) (LMDB, \(events) events, \(Cache.size(size))\(project.storeIsIgnored ? "; kept out of git by its .gitignore" : ""))")
        Console.out("Cache: \(config.cache.enabled ? "enabled" : "disabled"), default TTL \(config.cache.defaultTTLHours) h")
        Console.out(Info.approvals(config.approval, pending: try log.map { l in try project.store { try l.approvals().pending.count } } ?? 0))
        if !config.features.isEmpty {
            Console.out("Features:")
            for feature in config.features {
                let state = !feature.enabled ? "off" : (Info.activeFeatures.contains(feature.name) ? "active" : "on in config, not active in dims yet")
                Console.out("  \(feature.name): \(state)")
            }
        }
        if !config.inactiveSections.isEmpty {
            Console.out("Sections read but not acted on yet: \(config.inactiveSections.joined(separator: ", "))")
        }
    }
}

/// `info --json`: the version, project, config, event log and the features of the config with whether dims acts on them.
struct InfoAnswer: Encodable {
    struct Feature: Encodable {
        let name: String
        let enabled: Bool
        let active: Bool
    }

    let version: String
    let root: String
    let config: String
    let configVersion: String
    let store: String
    let storeBytes: Int
    let storeIgnored: Bool
    let events: UInt64
    let metrics: Int
    let enabledMetrics: Int
    let features: [Feature]
    let inactiveSections: [String]

    enum CodingKeys: String, CodingKey {
        case version, root, config, configVersion = "config_version", store, storeBytes = "store_bytes", storeIgnored = "store_ignored"
        case events, metrics, enabledMetrics = "enabled_metrics", features, inactiveSections = "inactive_sections"
    }
}
