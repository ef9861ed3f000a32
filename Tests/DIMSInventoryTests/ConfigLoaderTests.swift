import DIMSCore
import DIMSInventory
import DIMSTestSupport
import Testing

struct ConfigLoaderTests {
    /// A config in the original format, with comments, flow maps and every section.
    static let original = #"""
    # DIMS configuration
    version: "1.0.0"

    features: {database_backend: false, event_driven: false, smart_cache: true}

    cache: {enabled: true, backend: file, default_ttl_hours: 24, cache_dir: inventory/cache,
            ttl_overrides: {s3_objects: 24, test_files: 1}}          # keys: metric name or full path

    verification:
      thresholds: {minor_drift_pct: 5, moderate_drift_pct: 15, major_drift_pct: 25}
      stable_metrics: [git_commits, plus_minus_total_lines, "prediction_system.*", sql_schemas]
      volatile_metrics: [s3_objects, python_files]

    events:
      enabled: false
      webhook_url: null
    database:
      enabled: false
      retention: {history_days: 180, snapshots_daily: 30}
    approval: {required_for: [major, critical]}
    outputs:
      formats: [markdown, json, html, jupyter]
    logging: {level: INFO}

    metrics:
      s3_storage:                      # volatile: changes with every scraper run
        total_objects:
          command: "aws s3 ls s3://nba-sim-raw-data-lake/ --recursive | wc -l"
          parse_type: integer
          description: "Total objects in S3 bucket"
        total_size_gb:
          command: "aws s3 ls s3://nba-sim-raw-data-lake/ --recursive --summarize | awk '/Total Size/ {print $3/1073741824}'"
          parse_type: float
          precision: 2
          description: "Total S3 storage in GB"
        hoopr_files: {command: "aws s3 ls s3://nba-sim-raw-data-lake/hoopr/ | wc -l", parse_type: integer}
      prediction_system:
        total_lines:
          command: "cat scripts/ml/*.py | wc -l"
      plus_minus_system:
        plus_minus_total_lines:
          command: "wc -l scripts/pm/*.py | tail -1 | awk '{print $1}'"
      code_base:
        python_files:
          command: "find . -name '*.py' -type f | wc -l"
          parse_type: integer
          category: stable             # wins over volatile_metrics
          description: "Total Python files in project"
          enabled: true
        test_files:
          source: files
          include: ["tests/**/test_*.py"]
      documentation:
        markdown_files:
          command: "find docs -name '*.md' | wc -l"
      git:
        git_commits:
          command: "git rev-list --count HEAD"
        book_recommendation_commits:
          command: "git log --oneline --grep=book | wc -l"
      sql_schemas:
        total_lines:
          command: "wc -l < sql/master_schema.sql"
      local_data:
        espn_data_size:
          command: "du -sh data/espn | cut -f1"
          parse_type: string
          enabled: false
    """#

    @Test func anOriginalConfigReadsCompletely() throws {
        let config = try ConfigLoader.parse(Self.original, file: "inventory/config.yaml")
        #expect(config.version == "1.0.0")
        #expect(config.features.map(\.name) == ["database_backend", "event_driven", "smart_cache"])
        #expect(config.features.map(\.enabled) == [false, false, true])
        #expect(config.cache == CacheSettings(enabled: true, defaultTTLHours: 24, ttlOverrides: ["s3_objects": 24, "test_files": 1],
                                              cacheDir: "inventory/cache"))
        #expect(config.thresholds == Thresholds(minor: 5, moderate: 15, major: 25))
        #expect(config.inactiveSections == ["outputs", "logging"])
        #expect(config.historyDays == 180)
        #expect(config.snapshotsDaily == 30)
        #expect(config.metrics.map(\.path.rawValue) == [
            "s3_storage.total_objects", "s3_storage.total_size_gb", "s3_storage.hoopr_files", "prediction_system.total_lines",
            "plus_minus_system.plus_minus_total_lines", "code_base.python_files", "code_base.test_files",
            "documentation.markdown_files", "git.git_commits", "git.book_recommendation_commits", "sql_schemas.total_lines",
            "local_data.espn_data_size",
        ])
        #expect(config.enabledMetrics.count == 11)
    }

    @Test func metricsKeepTheirSourceTypeAndLine() throws {
        let config = try ConfigLoader.parse(Self.original, file: "inventory/config.yaml")
        let size = try #require(config.spec("s3_storage.total_size_gb"))
        #expect(size.source == .command)
        #expect(size.parseType == .float)
        #expect(size.precision == 2)
        #expect(size.description == "Total S3 storage in GB")
        #expect(size.line == 31)
        #expect(size["command"]?.string?.hasPrefix("aws s3 ls") == true)
        let tests = try #require(config.spec("code_base.test_files"))
        #expect(tests.source == .files)
        #expect(tests.parseType == .integer)
        #expect(tests["include"] == .list([.string("tests/**/test_*.py")]))
        #expect(tests.options.keys.sorted() == ["include", "source"])
        #expect(config.spec("s3_storage.hoopr_files")?.line == 36)
        #expect(config.spec("local_data.espn_data_size")?.enabled == false)
        #expect(config.spec("local_data.espn_data_size")?.parseType == .string)
    }

    /// Per-metric `category:` wins, then the lists by full path, metric name, `category.*` or category; else volatile.
    @Test func volatilityFollowsTheMetricThenTheLists() throws {
        let config = try ConfigLoader.parse(Self.original, file: "inventory/config.yaml")
        let volatility = Dictionary(uniqueKeysWithValues: config.metrics.map { ($0.path.rawValue, $0.volatility) })
        #expect(volatility["code_base.python_files"] == .stable)
        #expect(volatility["prediction_system.total_lines"] == .stable)
        #expect(volatility["plus_minus_system.plus_minus_total_lines"] == .stable)
        #expect(volatility["git.git_commits"] == .stable)
        #expect(volatility["sql_schemas.total_lines"] == .stable)
        #expect(volatility["s3_storage.total_objects"] == .volatile)
        #expect(volatility["git.book_recommendation_commits"] == .volatile)
    }

    @Test func aFullPathInTheListsBeatsACategory() throws {
        let text = """
        verification: {stable_metrics: [git], volatile_metrics: [git.churn]}
        metrics: {git: {churn: {command: x}, commits: {command: y}}}
        """
        let config = try ConfigLoader.parse(text, file: "config.yaml")
        #expect(config.metrics.map(\.volatility) == [.volatile, .stable])
    }

    @Test func missingSectionsTakeTheOriginalDefaults() throws {
        let config = try ConfigLoader.parse("metrics:\n  git:\n    commits: {command: git rev-list --count HEAD}\n", file: "config.yaml")
        #expect(config.thresholds == Thresholds())
        #expect(config.cache == CacheSettings())
        #expect(config.historyDays == 365)
        #expect(config.snapshotsDaily == 90)
        #expect(config.inactiveSections.isEmpty)
        #expect(config.metrics.first?.volatility == .volatile)
        #expect(try ConfigLoader.parse("", file: "config.yaml").metrics.isEmpty)
    }

    @Test(arguments: [
        ("metrics:\n  code_base:\n    python_files:\n      command: ls\n      parse_type: number\n", 5,
         "metrics.code_base.python_files.parse_type",
         "inventory/config.yaml:5: 'metrics.code_base.python_files.parse_type' must be one of integer, float, string, boolean, not 'number'"),
        ("metrics:\n  code_base:\n    python_files: {command: ls, parse_type: int}\n", 3, "metrics.code_base.python_files.parse_type",
         "inventory/config.yaml:3: 'metrics.code_base.python_files.parse_type' must be one of integer, float, string, boolean, not 'int'. "
             + "Did you mean 'integer'?"),
        ("metrics:\n  code_base:\n    python_files: {source: file, include: '*.py'}\n", 3, "metrics.code_base.python_files.source",
         "inventory/config.yaml:3: 'metrics.code_base.python_files.source' must be one of command, files, lines, bytes, grep, age, "
             + "git, s3, formula, not 'file'. Did you mean 'files'?"),
        ("metrics:\n  git:\n    commits: {command: x, category: Stable}\n", 3, "metrics.git.commits.category",
         "inventory/config.yaml:3: 'metrics.git.commits.category' must be stable or volatile, not 'Stable'. Did you mean 'stable'?"),
        ("cache:\n  ttl_overrides: {s3_objects: -2}\n", 2, "cache.ttl_overrides.s3_objects",
         "inventory/config.yaml:2: 'cache.ttl_overrides.s3_objects' must be a positive number or 0, not '-2'"),
        ("verification:\n  thresholds: 5\n", 2, "verification.thresholds",
         "inventory/config.yaml:2: 'verification.thresholds' must be a map, not '5'"),
        ("verification:\n  thresholds: {minor_drift_pct: 5, moderate_drift_pct: 15, major_drift_pct: 10}\n", 2,
         "verification.thresholds.major_drift_pct",
         "inventory/config.yaml:2: 'verification.thresholds.major_drift_pct' (10) must be greater than 'moderate_drift_pct' (15)"),
        ("verification:\n  thresholds:\n    minor_drift_pct: 20\n", 3, "verification.thresholds.moderate_drift_pct",
         "inventory/config.yaml:3: 'verification.thresholds.moderate_drift_pct' (15) must be greater than 'minor_drift_pct' (20)"),
        ("verification:\n  thresholds:\n    minor_drift_pct: -1\n", 3, "verification.thresholds.minor_drift_pct",
         "inventory/config.yaml:3: 'verification.thresholds.minor_drift_pct' must be a positive number, not '-1'"),
        ("verification:\n  stable_metrics: {a: 1}\n", 2, "verification.stable_metrics",
         "inventory/config.yaml:2: 'verification.stable_metrics' must be a list of names, not a map"),
        ("metrics:\n  git:\n    commits: git log | wc -l\n", 3, "metrics.git.commits",
         "inventory/config.yaml:3: Metric 'metrics.git.commits' must be a map with a 'command' or a 'source', not 'git log | wc -l'"),
        ("metrics:\n  git:\n    commits:\n      parse_type: integer\n", 3, "metrics.git.commits",
         "inventory/config.yaml:3: Metric 'metrics.git.commits' needs a 'command' or a 'source'"),
        ("metrics:\n  git: [a, b]\n", 2, "metrics.git", "inventory/config.yaml:2: 'metrics.git' must be a map of metrics, not a list"),
        ("metrics: 3\n", 1, "metrics", "inventory/config.yaml:1: 'metrics' must be a map, not '3'"),
        ("metrics:\n  git:\n    commits: {command: x, precision: two}\n", 3, "metrics.git.commits.precision",
         "inventory/config.yaml:3: 'metrics.git.commits.precision' must be a whole number of at least 0, not 'two'"),
        ("metrics:\n  git:\n    commits: {command: x, category: sometimes}\n", 3, "metrics.git.commits.category",
         "inventory/config.yaml:3: 'metrics.git.commits.category' must be stable or volatile, not 'sometimes'"),
        ("metrics:\n  git:\n    commits: {command: x, enabled: maybe}\n", 3, "metrics.git.commits.enabled",
         "inventory/config.yaml:3: 'metrics.git.commits.enabled' must be true or false, not 'maybe'"),
        ("metrics:\n  git:\n    commits: {command: [a]}\n", 3, "metrics.git.commits.command",
         "inventory/config.yaml:3: 'metrics.git.commits.command' must be text, not a list"),
        ("cache: {default_ttl_hours: soon}\n", 1, "cache.default_ttl_hours",
         "inventory/config.yaml:1: 'cache.default_ttl_hours' must be a number, not 'soon'"),
        ("cache:\n  ttl_overrides: {s3_objects: [1]}\n", 2, "cache.ttl_overrides.s3_objects",
         "inventory/config.yaml:2: 'cache.ttl_overrides.s3_objects' must be a number, not a list"),
        ("features: {smart_cache: 1}\n", 1, "features.smart_cache",
         "inventory/config.yaml:1: 'features.smart_cache' must be true or false, not '1'"),
        ("database:\n  retention: {history_days: 0}\n", 2, "database.retention.history_days",
         "inventory/config.yaml:2: 'database.retention.history_days' must be a whole number of at least 1, not '0'"),
        ("metrics:\n  git:\n    commits: {command: a}\n    commits: {command: b}\n", 4, "metrics.git.commits",
         "inventory/config.yaml:4: 'metrics.git.commits' is defined twice (first on line 3)"),
    ] as [(String, Int, String, String)])
    func malformedConfigNamesFileLineAndKey(text: String, line: Int, key: String, message: String) {
        let error = #expect(throws: InventoryFileError.self) { try ConfigLoader.parse(text, file: "inventory/config.yaml") }
        #expect(error?.code == .invalid)
        #expect(error?.line == line)
        #expect(error?.key == key)
        #expect(error?.message == message)
    }

    @Test func invalidYAMLNamesTheLineAndItsText() {
        let text = "verification:\n  thresholds: {minor_drift_pct: 5\n  stable_metrics: [a]\n"
        let error = #expect(throws: InventoryFileError.self) { try ConfigLoader.parse(text, file: "inventory/config.yaml") }
        #expect(error?.code == .syntax)
        #expect(error?.line == 3)
        #expect(error?.message.hasPrefix("inventory/config.yaml:3: Invalid YAML: ") == true)
        #expect(error?.message.hasSuffix("near 'stable_metrics: [a]'") == true)
    }

    @Test func aMissingConfigFileIsNotFound() throws {
        let folder = TemporaryDirectory("dims-inventory")
        let path = folder.path + "/inventory/config.yaml"
        let error = #expect(throws: InventoryFileError.self) { try ConfigLoader.load(from: path) }
        #expect(error?.code == .notFound)
        #expect(error?.message == "\(path): No such file")
    }

    @Test func aConfigFileLoadsFromDisk() throws {
        let folder = TemporaryDirectory("dims-inventory")
        let path = folder.write(Self.original, to: "inventory/config.yaml")
        #expect(try ConfigLoader.load(from: path).metrics.count == 12)
    }
}
