public import DIMSCore
public import DIMSInventory
public import DIMSStore
public import DIMSTrust
public import Foundation

/// One project as a command sees it: its root, its config, its event log, who is acting and what time it is.
public struct Project: Sendable {
    public let root: String
    public let clock: any Clock
    public let actor: String
    public let environment: [String: String]
    /// Whether `--trust` was given.
    public var trustGiven = false
    /// The team log's connection, shared by every copy of this project for the command's life.
    let teamLink = TeamLink()

    public var inventory: String { root + "/inventory" }
    public var configPath: String { inventory + "/config.yaml" }
    /// The config's path relative to the root, as messages and errors name it.
    public static let configName = "inventory/config.yaml"
    public var metricsPath: String { inventory + "/metrics.yaml" }
    public var storePath: String { inventory + "/.dims" }
    public var historicalPath: String { inventory + "/historical" }
    public var outputsPath: String { inventory + "/outputs" }
    /// The yearly archives of the log: plain files, meant to be committed.
    public var archivePath: String { inventory + "/archive" }

    /// Finds the project from `root` (`--root`) or the current folder upwards; `trust` is whether `--trust` was given.
    public init(root explicitRoot: String?, trust: Bool) throws {
        _ = Console.started
        environment = ProcessInfo.processInfo.environment
        let start = explicitRoot ?? FileManager.default.currentDirectoryPath
        if let explicit = explicitRoot {
            let absolute = explicit.hasPrefix("/") ? explicit : FileManager.default.currentDirectoryPath + "/" + explicit
            guard FileManager.default.fileExists(atPath: absolute + "/inventory/config.yaml") else {
                throw DIMSError(.badInput, "No inventory/config.yaml under '\(explicit)'")
            }
            root = ProjectLocator.standardized(absolute)
        } else if let found = ProjectLocator.findRoot(from: start) {
            root = found
        } else {
            throw DIMSError(.badInput, "No inventory/config.yaml in '\(start)' or any folder above it; run dims inside a project or pass --root")
        }
        if let problem = SystemClock.problem(in: environment) { throw DIMSError(.badInput, problem) }
        clock = SystemClock(environment: environment)
        actor = Project.actor(environment)
        trustGiven = trust
    }

    /// What the config asks for beyond measuring the project itself, and whether the user trusts it.
    public func trust(_ config: InventoryConfig) -> (scope: TrustScope, trusted: Bool) {
        let scope = TrustScope(config: config, root: root, home: environment["HOME"])
        return (scope, TrustDecision.trusted(scope, root: root, environment: environment, flag: trustGiven))
    }

    /// `user@host`, or `DIMS_ACTOR` when set.
    public static func actor(_ environment: [String: String]) -> String {
        if let actor = environment["DIMS_ACTOR"], !actor.isEmpty { return actor }
        let account = getpwuid(getuid()).flatMap { $0.pointee.pw_name.map { String(cString: $0) } }
        let user = environment["USER"] ?? environment["LOGNAME"] ?? account ?? "uid\(getuid())"
        var name = [CChar](repeating: 0, count: 256)
        let host = gethostname(&name, name.count) == 0 ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "localhost"
        return "\(user)@\(host)"
    }

    /// The parsed config; a malformed file exits 2 with the file, line and key.
    public func config() throws -> InventoryConfig {
        do {
            return try ConfigLoader.load(from: configPath)
        } catch {
            throw DIMSError(.badInput, error.message, file: Project.configName)
        }
    }

    /// The log opened for appending.
    /// Temp files of killed writers are removed first.
    public func openLog() throws -> EventLog {
        let log = try store { try EventLog(directory: storePath) }
        ignoreStore()
        AtomicFile.removeStale(in: [inventory, historicalPath, archivePath, outputsPath, storePath])
        return log
    }

    /// The log opened read-only (no writer lock), or nil when the project has no log yet; a log another
    /// process is creating reads as no log yet.
    public func openLogForReading(checked: Bool = true) throws -> EventLog? {
        try store {
            guard try EventLog.exists(directory: storePath) else { return nil }
            let log = try EventLog(directory: storePath, readOnly: true, checked: checked)
            return try log.lastSeq() == 0 ? nil : log
        }
    }

    /// Runs a store call, turning its error into exit status 3.
    @discardableResult
    public func store<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            if error.code == .corruptRecord || error.code == .damaged, EventLog.recordedDamage(directory: storePath) == nil {
                EventLog.markDamaged(directory: storePath, problem: error.message)
            }
            throw DIMSError(.store, error.message.replacingOccurrences(of: root + "/", with: ""))
        }
    }

    /// The moment a command-line value names (date, ISO time or relative age); a bad one exits 2 naming the option.
    public func moment(_ text: String, option: String, date edge: TimeSpec.DayEdge = .start) throws -> Timestamp {
        guard let time = TimeSpec.parse(text, now: clock.now(), date: edge) else { throw DIMSError(.badInput, TimeSpec.invalid(text, option: option)) }
        return time
    }

    /// The moment `days` days before now (`--days`); a span reaching back before the year 0001 exits 2.
    public func daysBack(_ days: Int) throws -> Timestamp {
        guard let start = TimeSpec.ago(hours: 24 * Double(days), now: clock.now()) else {
            throw DIMSError(.badInput, "Invalid --days \(days): it reaches back before the year 0001")
        }
        return start
    }

    /// The day a `YYYY-MM-DD` option names; a bad one exits 2 naming the option.
    public func day(_ text: String, option: String) throws -> Day {
        guard let day = Day(text) else { throw DIMSError(.badInput, "Invalid \(option) '\(text)': use YYYY-MM-DD") }
        return day
    }

    /// Relative path for messages: `inventory/metrics.yaml`.
    public func relative(_ path: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }
}
