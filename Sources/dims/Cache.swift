import ArgumentParser
import DIMSCore
import DIMSStore
import DIMSWorkflow

struct Cache: ParsableCommand {
    static let configuration = CommandConfiguration(
            commandName: "cache",
        abstract: "Show or clear cached measurements (kept in the event log).",
        subcommands: [Info.self, Cleanup.self, Clear.self])

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "info", abstract: "Show the cache's backend, location, entries and size.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let project = try Project(global)
            let config = try project.config()
            let entries = try project.openLogForReading().map { log in try project.store { try log.cacheEntries() } } ?? [:]
            let now = project.clock.now()
            let active = entries.values.filter { $0.isActive(at: now) }.count
            let size = entries.reduce(0) { $0 + $1.key.utf8.count + $1.value.entry.value.description.utf8.count + 16 }
            if global.json {
                Console.answer(CacheInfoAnswer(location: project.relative(project.storePath), enabled: config.cache.enabled, total: entries.count,
                                               active: active, expired: entries.count - active, sizeBytes: size,
                                               defaultTTLHours: config.cache.defaultTTLHours))
                return
            }
            Console.out("Cache backend: event log (LMDB)\(config.cache.enabled ? "" : ", disabled in config.yaml")")
            Console.out("Cache location: \(project.relative(project.storePath))/")
            Console.out("Total entries: \(entries.count)")
            Console.out("Active (not expired): \(active)")
            Console.out("Expired: \(entries.count - active)")
            Console.out("Total size: \(Cache.size(size))")
        }
    }

    struct Cleanup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cleanup", abstract: "Remove expired cache entries.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let project = try Project(global)
            let log = try project.openLog()
            let now = project.clock.now()
            let expired = try project.store { try log.cacheEntries() }.filter { !$0.value.isActive(at: now) }.keys.sorted()
            let events = expired.map { LoggedEvent(recorded: now, observed: now, actor: project.actor, event: .cacheCleared(key: $0)) }
            try project.store { try log.append(events) }
            try project.pushToTeam(from: log)
            if global.json { Console.answer(CacheRemovedAnswer(removed: expired.count)) } else { Console.out("Removed \(expired.count) expired cache entries") }
        }
    }

    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "clear", abstract: "Remove every cache entry, so the next verify measures everything.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let project = try Project(global)
            let log = try project.openLog()
            let now = project.clock.now()
            let count = try project.store { try log.cacheEntries() }.count
            try project.store { try log.append([LoggedEvent(recorded: now, observed: now, actor: project.actor, event: .cacheCleared(key: nil))]) }
            try project.pushToTeam(from: log)
            if global.json { Console.answer(CacheRemovedAnswer(removed: count)) } else { Console.out("Cleared \(count) cache entries") }
        }
    }

    static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        return bytes < 1024 * 1024 ? tenths(bytes, per: 1024) + " KB" : tenths(bytes, per: 1024 * 1024) + " MB"
    }

    /// `bytes / unit` with one decimal, rounded half to even as `%.1f` rounds (without `String(format:)`, whose first
    /// call costs a millisecond).
    static func tenths(_ bytes: Int, per unit: Int) -> String {
        var tenths = bytes * 10 / unit
        let remainder = bytes * 10 % unit
        if 2 * remainder > unit || (2 * remainder == unit && tenths % 2 == 1) { tenths += 1 }
        return "\(tenths / 10).\(tenths % 10)"
    }
}

import Foundation

/// `cache cleanup --json` and `cache clear --json`: how many entries were removed.
struct CacheRemovedAnswer: Encodable {
    let removed: Int
}

/// `cache info --json`: where the cache lives (the event log), whether it is on, its entries and their size.
struct CacheInfoAnswer: Encodable {
    var backend = "event log"
    let location: String
    let enabled: Bool
    let total: Int
    let active: Int
    let expired: Int
    let sizeBytes: Int
    let defaultTTLHours: Double

    enum CodingKeys: String, CodingKey {
        case backend, location, enabled, total, active, expired, sizeBytes = "size_bytes", defaultTTLHours = "default_ttl_hours"
    }
}
