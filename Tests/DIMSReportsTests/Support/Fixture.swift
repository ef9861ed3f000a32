import DIMSCore
import DIMSReports

/// Report rows built the way the tool builds them: verdicts from `Verdict.compare`, severities from the seed's table.
enum Fixture {
    static let generated = Timestamp.parse("2025-10-22T14:03:00Z")!
    static let firstDay = Day(year: 2025, month: 10, day: 1)

    /// A row whose verdict and severity follow from its value and baseline, or an error row when `error` is given.
    static func row(_ path: MetricPath, _ value: Value?, baseline: Value?, volatility: Volatility = .volatile,
                    description: String = "", error: String? = nil, series: [Value] = []) -> InventoryReport.Row {
        let verdict: Verdict = error.map { .error($0) } ?? Verdict.compare(value!, baseline: baseline, thresholds: Thresholds())
        return InventoryReport.Row(
            metric: path, description: description, volatility: volatility, value: value,
            measured: value == nil ? nil : generated, baseline: baseline,
            baselineSet: baseline == nil ? nil : firstDay.start, verdict: verdict,
            severity: Severity(level: verdict.level, volatility: volatility), series: points(series))
    }

    /// Points a week apart, from 2025-10-01 at noon.
    static func points(_ values: [Value]) -> [Point] {
        values.enumerated().map { index, value in
            Point(observed: firstDay.adding(days: 7 * index).start.adding(hours: 12), seq: UInt64(index + 1), value: value)
        }
    }

    static func report(_ rows: [InventoryReport.Row]) -> InventoryReport {
        InventoryReport(generated: generated, root: "/projects/nba", rows: rows)
    }

    // MARK: - Rows

    static let totalObjects = row("s3_storage.total_objects", .integer(172_726), baseline: .integer(172_726),
                                  description: "Objects in the raw data bucket",
                                  series: [.integer(168_432), .integer(170_891), .integer(171_523), .integer(172_726)])
    static let totalSize = row("s3_storage.total_size_gb", .float(118.26), baseline: .float(118.26),
                               series: [.float(112.5), .float(118.26)])
    static let pythonFiles = row("code_base.python_files", .integer(1308), baseline: .integer(1268))
    static let markdownFiles = row("documentation.markdown_files", .integer(1860), baseline: .integer(1719))
    static let testFiles = row("code_base.test_files", .integer(120), baseline: .integer(100))
    static let hooprFiles = row("s3_storage.hoopr_files", .integer(150), baseline: .integer(100))
    static let mlScripts = row("code_base.ml_scripts", .integer(90), baseline: .integer(100))
    static let predictionLines = row("prediction_system.total_lines", .integer(2271), baseline: .integer(2103), volatility: .stable)
    static let plusMinusLines = row("plus_minus_system.python_lines", .integer(1010), baseline: .integer(1000), volatility: .stable)
    static let schemaLines = row("sql_schemas.total_lines", .integer(1200), baseline: .integer(1000), volatility: .stable)
    static let commits = row("git.book_recommendation_commits", .integer(300), baseline: .integer(214), volatility: .stable)
    static let workflows = row("workflows.count", .integer(12), baseline: nil, volatility: .stable)
    static let espnSize = row("local_data.espn_size_gb", nil, baseline: .float(4.5),
                              error: "Command 'du -sm data/espn' failed: No such file or directory")
    static let branch = row("git.branch", .string("main"), baseline: .string("develop"), volatility: .stable)
    static let released = row("project.released", .boolean(true), baseline: .boolean(false), volatility: .stable)
    static let accuracy = row("prediction_system.accuracy", .float(0.75), baseline: .float(0.7), volatility: .stable,
                              series: [.float(0.7), .float(0.72), .float(0.75)])
    static let hostile = row("documentation.notes", .string("a|b <i>"), baseline: .string("a|b <i>"),
                             description: "Notes <script>alert(1)</script> | piped\nsecond line")

    /// Every kind of row: OK, drift at each level for both volatilities, negative drift, new, error, strings, booleans, floats.
    static let everything = report([
        totalObjects, totalSize, pythonFiles, markdownFiles, testFiles, hooprFiles, mlScripts,
        predictionLines, plusMinusLines, schemaLines, commits, workflows, espnSize, branch, released, accuracy, hostile,
    ])
}
