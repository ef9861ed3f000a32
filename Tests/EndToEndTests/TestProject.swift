import DIMSTestSupport
import Foundation

/// A project in a temp folder, `git init`ed, with an inventory, driven through the real `dims` binary.
final class TestProject: @unchecked Sendable {
    let dir = TemporaryDirectory("dims-e2e")
    var now = "2025-10-01T09:00:00Z"
    var actor = "tester@ci"
    var root: String { dir.path }

    init(config: String? = nil) throws {
        try ProcessRunner.run("/usr/bin/git", ["init", "-q", root])
        dir.write(config ?? TestProject.defaultConfig, to: "inventory/config.yaml")
        setValue("count", 100)
        setValue("lines", 2000)
    }

    /// A clone of the git repository `remote` (a teammate's checkout), acting as `actor` and committing as `email`.
    init(clone remote: String, actor: String, email: String) throws {
        self.actor = actor
        try ProcessRunner.run("/usr/bin/git", ["clone", "-q", remote, root])
        try git("config", "user.email", email)
        try git("config", "user.name", String(email.prefix { $0 != "@" }))
    }

    /// Runs `git ARGS` in the project.
    @discardableResult
    func git(_ arguments: String...) throws -> ProcessResult {
        try ProcessRunner.run("/usr/bin/git", ["-C", root] + arguments, environment: ["GIT_AUTHOR_DATE": now, "GIT_COMMITTER_DATE": now])
    }

    /// Writes the number a `cat` metric reads.
    func setValue(_ name: String, _ value: Int) {
        dir.write("\(value)\n", to: "values/\(name).txt")
    }

    /// Runs `dims ARGS` in the project (or `directory` inside it) at the project's "now".
    @discardableResult
    func dims(_ arguments: String..., in directory: String? = nil, environment: [String: String] = [:]) throws -> ProcessResult {
        try dims(arguments, in: directory, environment: environment)
    }

    /// Runs `dims ARGS` with the arguments as an array.
    @discardableResult
    func dims(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> ProcessResult {
        var env = ["DIMS_NOW": now, "DIMS_ACTOR": actor]
        for (k, v) in environment { env[k] = v }
        return try ProcessRunner.run(ProcessRunner.binary("dims"), arguments, in: directory ?? root, environment: env)
    }

    func read(_ relative: String) -> String? { dir.read(relative) }
    func write(_ text: String, to relative: String) { dir.write(text, to: relative) }

    static let defaultConfig = """
        version: "1.0.0"
        features: {database_backend: false, event_driven: false, smart_cache: true}
        cache: {enabled: true, backend: file, default_ttl_hours: 24, cache_dir: inventory/cache, ttl_overrides: {}}
        verification:
          thresholds: {minor_drift_pct: 5, moderate_drift_pct: 15, major_drift_pct: 25}
          stable_metrics: [total_lines]
          volatile_metrics: [file_count]
        database: {retention: {history_days: 365, snapshots_daily: 90}}
        metrics:
          code_base:
            file_count:
              command: "cat values/count.txt"
              parse_type: integer
              description: "Files in the project"
          prediction_system:
            total_lines:
              command: "cat values/lines.txt"
              parse_type: integer
              description: "Lines of the core scripts"
        """
}
