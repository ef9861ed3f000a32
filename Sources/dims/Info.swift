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
        let project = try Project(global)
        let config = try project.config()
        let log = try project.openSyncedLogForReading(config)
        let events = try log.map { l in try project.store { try l.lastSeq() } } ?? 0
        let size = log?.sizeOnDisk ?? 0
        let features = config.features.map { feature -> [String: Any] in
            ["name": feature.name, "enabled": feature.enabled, "active": feature.enabled && Info.activeFeatures.contains(feature.name)]
        }
        if global.json {
            Console.json(["version": DIMSVersion.current, "root": project.root, "config": project.relative(project.configPath),
                          "config_version": config.version, "store": project.relative(project.storePath), "store_bytes": size, "store_ignored": project.storeIsIgnored,
                          "events": events, "metrics": config.metrics.count, "enabled_metrics": config.enabledMetrics.count,
                          "features": features, "inactive_sections": config.inactiveSections])
            return
        }
        Console.out("dims \(DIMSVersion.current)")
        Console.out("Project root: \(project.root)")
        Console.out("Config: \(project.relative(project.configPath)) (version \(config.version))")
        Console.out("Metrics: \(config.enabledMetrics.count) enabled of \(config.metrics.count), in \(Set(config.metrics.map(\.path.category)).count) categories")
        Console.out("Event log: \(project.relative(project.storePath)) (LMDB, \(events) events, \(Cache.size(size))\(project.storeIsIgnored ? "; kept out of git by its .gitignore" : ""))")
        Console.out("Cache: \(config.cache.enabled ? "enabled" : "disabled"), default TTL \(config.cache.defaultTTLHours) h")
        Console.out(Info.approvals(config.approval, pending: try log.map { l in try project.store { try l.approvals().pending.count } } ?? 0))
        if !features.isEmpty {
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
