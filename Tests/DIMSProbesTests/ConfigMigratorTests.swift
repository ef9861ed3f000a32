import DIMSCore
import DIMSInventory
import DIMSProbes
import DIMSS3
import Foundation
import Testing

struct ConfigMigratorTests {
    static let config = """
        # DIMS configuration
        version: "1.0.0"
        cache:
          command: "not a metric"

        metrics:
          # Code Base Metrics
          code_base:
            python_files:
              command: "find . -name '*.py' -type f 2>/dev/null | wc -l | tr -d ' '"   # every script
              parse_type: "integer"
              category: "volatile"
            sql_lines:
              command: 'find sql/plus_minus -name ''*.sql'' -exec cat {} \\; 2>/dev/null | wc -l'
              parse_type: integer
          plus_minus_system:
            total_lines:
              command: "echo $(($(find scripts -name '*plus_minus*.py' -exec cat {} \\\\; 2>/dev/null | wc -l) + $(wc -l docs/A.md docs/B.md 2>/dev/null | tail -1 | awk '{print $1}')))"
              parse_type: "integer"
          s3_storage:
            hoopr_files:
              command: "aws s3 ls s3://bucket/hoopr/ --recursive 2>/dev/null | wc -l | tr -d ' '"
              parse_type: "integer"
          already:
            native:
              source: files
              command: "find . -type f | wc -l"
        """

    @Test func recognizedCommandsBecomeNativeKeysAndEverythingElseStays() {
        let result = ConfigMigrator().migrate(configText: Self.config)
        let expected = """
            # DIMS configuration
            version: "1.0.0"
            cache:
              command: "not a metric"

            metrics:
              # Code Base Metrics
              code_base:
                python_files:
                  source: files  # every script
                  paths: .
                  include: "*.py"
                  hidden: true
                  parse_type: "integer"
                  category: "volatile"
                sql_lines:
                  source: lines
                  paths: sql/plus_minus
                  include: "*.sql"
                  hidden: true
                  follow_symlinks: files
                  missing: zero
                  parse_type: integer
              plus_minus_system:
                total_lines:
                  source: lines
                  sets:
                    - paths: scripts
                      include: "*plus_minus*.py"
                      hidden: true
                      follow_symlinks: files
                    - paths: [docs/A.md, docs/B.md]
                  missing: skip
                  parse_type: "integer"
              s3_storage:
                hoopr_files:
                  command: "aws s3 ls s3://bucket/hoopr/ --recursive 2>/dev/null | wc -l | tr -d ' '"
                  parse_type: "integer"
              already:
                native:
                  source: files
                  command: "find . -type f | wc -l"
            """
        #expect(result.text == expected)
        #expect(result.changes.map(\.metric) == ["code_base.python_files", "code_base.sql_lines", "plus_minus_system.total_lines", "s3_storage.hoopr_files"])
        #expect(result.changes.map { $0.replacement != nil } == [true, true, true, false])
        #expect(result.changes[3].notes == ["kept as a command: no native source matches it exactly"])
        #expect(result.diff.hasPrefix("@@ -10 +10,4 @@ code_base.python_files\n-      command: \"find . -name '*.py' -type f"))
        #expect(result.diff.contains("+      source: lines\n+      sets:\n"))
    }

    @Test func aConfigWithNothingToMigrateIsUnchanged() {
        let text = "metrics:\n  a:\n    b:\n      command: \"aws s3 ls | wc -l\"\n"
        let result = ConfigMigrator().migrate(configText: text)
        #expect(result.text == text)
        #expect(result.diff.isEmpty)
    }

    @Test func theBenchmarkConfigMigratesCompletely() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Tools/bench/probes/original-config.yaml")
        let result = ConfigMigrator().migrate(configText: try String(contentsOf: url, encoding: .utf8))
        #expect(result.changes.count == 30)
        #expect(result.changes.filter { $0.replacement == nil }.map(\.metric) == [])
    }

    @Test func windowsLineEndingsAreKeptAndTheFileIsRewritten() throws {
        let tree = try Fixture()
        let text = "metrics:\r\n  a:\r\n    b:\r\n      command: \"du -sm docs | awk '{print $1}'\"\r\n      parse_type: integer\r\n"
        try tree.write("inventory/config.yaml", text)
        let migrator = ConfigMigrator()
        let result = migrator.migrate(configText: text)
        #expect(result.text.hasPrefix("metrics:\r\n  a:\r\n    b:\r\n      source: bytes\r\n      paths: docs\r\n"))
        try migrator.write(result, toConfigAt: tree.root + "/inventory/config.yaml")
        #expect(try String(contentsOfFile: tree.root + "/inventory/config.yaml", encoding: .utf8) == result.text)
    }
}

struct ConfigMigratorKeyTests {
    /// A key the rewrite would add that the metric already has is written once; a different value keeps the command.
    @Test func aKeyTheMetricHasIsNeverWrittenTwice() {
        let text = """
            metrics:
              local_data:
                docs_mb:
                  command: "du -sm docs | awk '{print $1}'"
                  unit: MB
                  precision: 2
                  description: "Docs on disk"
                other_mb:
                  command: "du -sm docs | awk '{print $1}'"
                  unit: GB
            """
        let result = ConfigMigrator().migrate(configText: text)
        #expect(result.text.components(separatedBy: "unit:").count == 3, "\(result.text)")
        #expect(result.text.contains("      source: bytes\n      paths: docs\n      usage: disk\n      rounding: up\n      hidden: true\n      unit: MB\n      precision: 2\n      description: \"Docs on disk\""))
        #expect(result.changes.map { $0.replacement != nil } == [true, false])
        #expect(result.changes[1].notes == ["kept as a command: the metric's own 'unit: GB' differs from the rewrite's 'unit: MB'"])
    }

    /// `migrate(only:)` rewrites just the metrics named; the others stay commands and keep their candidate.
    @Test func onlyTheNamedMetricsAreRewritten() {
        let text = "metrics:\n  a:\n    b:\n      command: \"du -sm docs | awk '{print $1}'\"\n    c:\n      command: \"du -sm src | awk '{print $1}'\"\n"
        let result = ConfigMigrator().migrate(configText: text, only: ["a.c"])
        #expect(result.changes.map { $0.replacement != nil } == [false, true])
        #expect(result.changes[0].candidate != nil)
        #expect(result.text.contains("command: \"du -sm docs"))
        #expect(result.text.contains("paths: src"))
    }

    /// The lines a metric may have besides its command; each must come out of the migration exactly once, as written.
    static let keptLines = [
        "      precision: 2",
        "      category: \"stable\"",
        "      description: \"Docs on disk\"",
        "      enabled: false",
        "      owner: data-team",
        "      # measured weekly",
        "      parse_type: integer  # whole megabytes",
    ]

    /// Every key (known or not) and comment a metric had is in the migrated config once, and the config loads.
    @Test(arguments: keptLines)
    func aMetricsOwnLineIsKeptOnceAndTheConfigLoads(_ line: String) throws {
        let text = "metrics:\n  local_data:\n    docs_mb:\n      command: \"du -sm docs | awk '{print $1}'\"\n\(line)\n    other:\n      source: files\n"
        let result = ConfigMigrator().migrate(configText: text)
        #expect(result.changes.map { $0.replacement != nil } == [true])
        #expect(result.text.components(separatedBy: line + "\n").count == 2, "\(result.text)")
        #expect(!result.text.contains("command:"))
        let config = try ConfigLoader.parse(result.text, file: "inventory/config.yaml")
        #expect(config.spec("local_data.docs_mb")?.source == .bytes)
        #expect(Set(config.metrics.map(\.path)) == ["local_data.docs_mb", "local_data.other"])
    }

    /// A metric that already has a key the rewrite sets (`missing`, `unit`, `paths`) to another value stays a command, and the config still loads.
    @Test(arguments: ["      missing: error", "      unit: GB", "      paths: src"])
    func aKeyWithAnotherValueKeepsTheCommand(_ line: String) throws {
        let text = "metrics:\n  a:\n    b:\n      command: \"[ -d docs ] && du -sm docs | awk '{print $1}' || echo 0\"\n\(line)\n"
        let result = ConfigMigrator().migrate(configText: text)
        #expect(result.text == text)
        #expect(result.changes.first?.notes.first?.hasPrefix("kept as a command: the metric's own") == true)
        _ = try ConfigLoader.parse(result.text, file: "inventory/config.yaml")
    }

    /// A cost one-liner becomes a formula over the metric that measures the same listing, keeping its own precision once.
    @Test func aCostOneLinerBecomesAFormulaOverTheSizeMetric() throws {
        let cost = "python3 -c \\\"import boto3; s3 = boto3.client('s3'); p = s3.get_paginator('list_objects_v2'); "
            + "total = sum(o['Size'] for page in p.paginate(Bucket='lake') for o in page.get('Contents', [])); "
            + "print('%.2f' % (round(total / 1024**3, 2) * 0.023 + 29))\\\""
        let text = """
            metrics:
              s3_storage:
                total_bytes:
                  command: "aws s3 ls s3://lake/ --recursive --summarize | grep 'Total Size' | awk '{print $3}'"
                monthly_cost_usd:
                  command: "\(cost)"
                  parse_type: float
                  precision: 2
            """
        let migrator = ConfigMigrator(recognizers: ConfigMigrator.localRecognizers + [S3CommandRecognizer()])
        let result = migrator.migrate(configText: text)
        #expect(result.text.contains("""
                monthly_cost_usd:
                  source: formula
                  formula: "round(s3_storage.total_bytes / 1073741824, 2) * 0.023 + 29"
                  parse_type: float
                  precision: 2
            """), "\(result.text)")
        _ = try ConfigLoader.parse(result.text, file: "inventory/config.yaml")
        // Without a metric that measures the listing, the one-liner stays a command and says what it needs.
        let alone = migrator.migrate(configText: text.replacingOccurrences(of: "--summarize | grep 'Total Size' | awk '{print $3}'", with: "| wc -l"))
        #expect(alone.changes.last?.replacement == nil)
        #expect(alone.changes.last?.notes == ["kept as a command: as a formula it needs a metric measuring {source: s3, bucket: lake, measure: size}, and no metric of the config does"])
    }
}
