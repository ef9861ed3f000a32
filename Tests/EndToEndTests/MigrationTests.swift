import DIMSTestSupport
import Foundation
import Testing

/// A project coming from the original system keeps its files working.
struct MigrationTests {
    static let originalMetrics = """
        metadata:
          version: 1.0.0
          last_updated: '2025-09-20T10:00:00.000000'
          last_verified: '2025-09-20T10:00:00.000000'
          verified_by: dims_cli.py
          system: NBA Simulator AWS
          notes: Carried over
        code_base:
          file_count:
            value: 96
            last_verified: '2025-09-20T10:00:00.000000'
            verification_method: find . -name '*.py' | wc -l
            cached: false
            path: scripts/
            details:
              by_folder: {a: 40, b: 56}
        prediction_system:
          total_lines:
            value: 2000
            last_verified: '2025-09-20T10:00:00.000000'
            verification_method: wc -l
        """

    /// metrics.yaml of the original is imported with its dates, and a rewrite keeps its unknown keys.
    @Test func originalMetricsAreImportedAndKeptIntact() throws {
        let project = try TestProject()
        project.write(MigrationTests.originalMetrics, to: "inventory/metrics.yaml")
        project.write("""
            metadata: {snapshot_date: '2025-09-10', system: NBA Simulator AWS}
            code_base:
              file_count: {value: 90, last_verified: '2025-09-10T08:00:00'}
            """, to: "inventory/historical/2025-09-10.yaml")
        let verify = try project.dims("verify")
        #expect(verify.status == 1, "\(verify.stderr)")
        #expect(verify.stdout.contains("code_base.file_count: 100 (drifted +4.2% from 96)"))
        #expect(verify.stdout.contains("✅ prediction_system.total_lines: 2,000 (OK)"))

        let history = try project.dims("history", "code_base.file_count", "--days", "30")
        #expect(history.stdout.contains("2025-09-10: 90"), "\(history.stdout)")
        #expect(history.stdout.contains("2025-09-20: 96 (+6)"), "\(history.stdout)")

        #expect(try project.dims("verify", "--update").status == 0)
        let rewritten = project.read("inventory/metrics.yaml") ?? ""
        #expect(rewritten.contains("value: 100"))
        #expect(rewritten.contains("path: scripts/"))
        #expect(rewritten.contains("by_folder"))
        #expect(rewritten.contains("system: NBA Simulator AWS"))
        #expect(rewritten.contains("notes: Carried over"))

        let stats = try project.dims("log", "stats", "--json")
        let importAgain = try project.dims("import")
        #expect(importAgain.status == 0)
        let statsAfter = try project.dims("log", "stats", "--json")
        #expect(Self.events(stats.stdout) == Self.events(statsAfter.stdout), "importing twice adds nothing")
    }

    /// A corrupt metrics.yaml is a clear error naming the file, exit 2, and the log is untouched.
    @Test func corruptMetricsFileIsRefused() throws {
        let project = try TestProject()
        project.write("metadata: {version: 1.0.0}\ncode_base:\n  file_count: [1, 2\n", to: "inventory/metrics.yaml")
        let result = try project.dims("verify")
        #expect(result.status == 2)
        #expect(result.stderr.contains("metrics.yaml"), "\(result.stderr)")
        let stats = try project.dims("log", "stats", "--json")
        #expect(Self.events(stats.stdout) == 0)
    }

    /// A malformed config names the file, line and key.
    @Test func malformedConfigIsNamed() throws {
        let project = try TestProject(config: """
            version: "1.0.0"
            metrics:
              code_base:
                file_count:
                  command: "cat values/count.txt"
                  parse_type: number
            """)
        let result = try project.dims("verify")
        #expect(result.status == 2)
        #expect(result.stderr.contains("config.yaml:6"), "\(result.stderr)")
        #expect(result.stderr.contains("parse_type"))
    }

    /// config migrate shows a diff, --write rewrites the file, and the migrated metric measures the same.
    @Test func configMigrateKeepsValues() throws {
        let project = try TestProject(config: """
            version: "1.0.0"
            # counted the original way
            metrics:
              code_base:
                python_files:
                  command: "find . -name '*.py' -type f | wc -l"
                  parse_type: integer
                odd_one:
                  command: "ls values | head -1 | wc -c"
                  parse_type: integer
            """)
        for name in ["a.py", "b/c.py", "b/d e.py", ".hidden/f.py"] { project.write("x\n", to: name) }
        let before = try project.dims("verify", "--json")
        let show = try project.dims("config", "migrate")
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("-      command: \"find . -name '*.py' -type f | wc -l\""), "\(show.stdout)")
        #expect(show.stdout.contains("source: files"))
        #expect(project.read("inventory/config.yaml")?.contains("command: \"find") == true, "without --write nothing changes")
        #expect(try project.dims("config", "migrate", "--write").status == 0)
        let config = project.read("inventory/config.yaml") ?? ""
        #expect(config.contains("# counted the original way"))
        #expect(config.contains("source: files"))
        #expect(config.contains("ls values | head -1 | wc -c"))
        let after = try project.dims("verify", "--json")
        #expect(before.stdout.contains("\"value\": 4"), "\(before.stdout)")
        #expect(after.stdout.contains("\"value\": 4"), "\(after.stdout)")
    }

    /// Each rewrite is measured both ways: only proven ones are written, the proofs are in the log, and audit shows them.
    @Test func configMigrateWritesOnlyProvenRewritesAndRecordsEachProof() throws {
        let project = try TestProject(config: """
            version: "1.0.0"
            metrics:
              code_base:
                python_files:
                  command: "find . -name '*.py' -type f | wc -l"
                  parse_type: integer
                doc_lines:
                  command: "wc -l docs/a.md docs/b.md docs/gone.md 2>/dev/null | tail -1 | awk '{print $1}'"
                  parse_type: integer
                docs_mb:
                  command: "du -sm docs | awk '{print $1}'"
                  parse_type: integer
                  unit: MB
                src_files:
                  command: "find src -name '*.py' -type f | wc -l"
                  parse_type: integer
                todo_count:
                  command: "grep -c TODO notes/todo.txt"
                  parse_type: integer
            """)
        project.write("x\n", to: "a.py")
        project.write("x\n", to: "lib/b.py")
        project.write("1\n2\n3\n", to: "docs/a.md")
        project.write("1\n2\n", to: "docs/b.md")
        let untrusted = try project.dims("config", "migrate", environment: ["DIMS_TRUST": "", "DIMS_TRUST_STORE": project.root + "/no-trust"])
        #expect(untrusted.stdout.contains("code_base.python_files: unproven: could not run the command (an error: "), "\(untrusted.stdout)")
        #expect(untrusted.stdout.contains("0 of 5 rewrites proven (0 %)"), "nothing runs before the project is trusted: \(untrusted.stdout)")
        let before = try project.dims("verify", "--json")
        let show = try project.dims("config", "migrate")
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("code_base.python_files: proven: the command and the native source both give 2"), "\(show.stdout)")
        #expect(show.stdout.contains("code_base.doc_lines: proven: the command and the native source both give 5"), "\(show.stdout)")
        #expect(show.stdout.contains("code_base.doc_lines: 'docs/gone.md' does not exist now and count nothing"), "\(show.stdout)")
        #expect(show.stdout.contains("code_base.src_files: kept as a command: the command gives 0, the native source an error"), "\(show.stdout)")
        #expect(show.stdout.contains("code_base.todo_count: unproven: could not run the command"), "\(show.stdout)")
        #expect(show.stdout.contains("3 of 5 rewrites proven (60 %); 2 not; 0 commands have no native equivalent"), "\(show.stdout)")

        #expect(try project.dims("config", "migrate", "--write").status == 0)
        let config = project.read("inventory/config.yaml") ?? ""
        #expect(config.components(separatedBy: "unit: MB").count == 2, "the metric's own unit is written once: \(config)")
        #expect(config.contains("missing: skip"))
        #expect(config.contains("command: \"find src"))
        #expect(config.contains("command: \"grep -c TODO"))
        let after = try project.dims("verify", "--json")
        for metric in ["python_files", "doc_lines", "docs_mb"] {
            #expect(Self.value(before.stdout, "code_base." + metric) == Self.value(after.stdout, "code_base." + metric), "\(metric)")
        }
        let audit = try project.dims("audit", "code_base.python_files")
        #expect(audit.stdout.contains("config migrate proven: source changed to {source: files"), "\(audit.stdout)")
        let kept = try project.dims("audit", "code_base.src_files")
        #expect(kept.stdout.contains("config migrate differs: kept the command"), "\(kept.stdout)")

        #expect(try project.dims("config", "migrate", "--write", "--unproven").status == 0)
        #expect(project.read("inventory/config.yaml")?.contains("source: grep") == true)
        #expect(project.read("inventory/config.yaml")?.contains("command: \"find src") == true)
    }

    static func value(_ json: String, _ path: String) -> String? {
        MigrationFixtureTests.values(json)[path]
    }

    static func events(_ json: String) -> Int? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return nil }
        return object["events"] as? Int
    }
}
