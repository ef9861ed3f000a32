import DIMSCore
import Foundation
@testable import DIMSInventory
import Testing

struct MetricsDocumentTests {
    @Test func rewritingAnUnchangedFileKeepsEveryByte() throws {
        let document = try MetricsDocument(text: Fixtures.metrics, file: "inventory/metrics.yaml")
        #expect(document.text == Fixtures.metrics)
    }

    /// Without the original text, the emitter alone writes what PyYAML wrote.
    @Test func writingWithoutTheOriginalTextMatchesPyYAML() throws {
        let document = try MetricsDocument(text: Fixtures.metrics, file: "inventory/metrics.yaml")
        #expect(SourceLayout.render(document.root) == Fixtures.metrics)
    }

    @Test func changingValuesAndAddingMetricsWritesWhatPyYAMLWould() throws {
        var document = try MetricsDocument(text: Fixtures.metrics, file: "inventory/metrics.yaml")
        let now = try #require(Timestamp.parse("2025-10-23T08:30:00Z"))
        document.record("s3_storage.total_size_gb", value: .float(120.5), verifiedAt: now)
        document.record("code_base.test_files", value: .float(0.0001), verifiedAt: now.adding(seconds: 0.000001),
                        method: "find tests -name 'test_*.py' | wc -l")
        document.record("documentation.markdown_files", value: .integer(1719), verifiedAt: now)
        document.setMetadata("last_updated", time: now)
        #expect(document.text == Fixtures.metricsChanged)
    }

    @Test func unknownKeysNestedMapsAndListsSurviveARewrite() throws {
        var document = try MetricsDocument(text: Fixtures.metrics, file: "inventory/metrics.yaml")
        document["s3_storage.total_objects"]?.value = .integer(172_800)
        document["code_base.python_files"]?.value = .integer(1300)
        let reread = try MetricsDocument(text: document.text, file: "inventory/metrics.yaml")
        let objects = try #require(reread["s3_storage.total_objects"])
        #expect(objects.value == .integer(172_800))
        #expect(objects["path"] == .string("s3://nba-sim-raw-data-lake/"))
        #expect(objects["details"] == .map([(key: "by_prefix", value: .map([
            (key: "box_scores", value: .integer(44828)), (key: "pbp", value: .integer(44826)), (key: "schedule", value: .integer(11633)),
        ]))]))
        #expect(objects.fields.map(\.key) == ["value", "last_verified", "verification_method", "cached", "cache_expires", "path", "details"])
        #expect(reread["code_base.python_files"]?["tags"] == .list([.string("volatile"), .string("files")]))
        #expect(reread["code_base.python_files"]?["notes"] == .null)
        #expect(reread.paths == document.paths)
        #expect(reread.categories == document.categories)
        #expect(ConfigValue.map(reread.metadata) == ConfigValue.map(document.metadata))
    }

    @Test func valuesAndTimesReadWithTheirTypes() throws {
        let document = try MetricsDocument(text: Fixtures.metrics, file: "inventory/metrics.yaml")
        #expect(document["s3_storage.total_objects"]?.value == .integer(172_726))
        #expect(document["s3_storage.total_size_gb"]?.value == .float(118.26))
        #expect(document["code_base.status"]?.value == .string("yes"))
        #expect(document["code_base.healthy"]?.value == .boolean(true))
        #expect(document["s3_storage.total_objects"]?.lastVerified == Timestamp(micros: 1_761_141_791_123_456))
        #expect(document["s3_storage.total_objects"]?.cacheExpires == Timestamp.parse("2025-10-23T14:03:11Z"))
        #expect(document["s3_storage.total_objects"]?.cached == true)
        #expect(document["git.book_recommendation_commits"]?.lastVerified?.micros == Timestamp.parse("2025-10-20T08:00:00Z")!.micros + 500_000)
        #expect(document[metadata: "verified_by"] == .string("dims_cli.py"))
        #expect(document.categories.map(\.name) == ["s3_storage", "code_base", "git"])
    }

    /// Comments, blank lines and flow maps written by hand stay as they were around a changed line.
    @Test func handWrittenLayoutSurvivesAChange() throws {
        let text = """
        # Inventory kept by hand
        metadata: {version: 1.0.0, system: demo}

        s3_storage:   # bucket counts
          total_objects:
            value: 10     # old
            last_verified: 2025-10-22T14:03:11
            details: {by_prefix: {a: 1, b: 2}}

          # sizes below
          total_size_gb: {value: 1.5, last_verified: '2025-10-22T14:03:11'}
        code_base:
          python_files:
            value: 3
            last_verified: '2025-10-22T14:03:11'

        """
        var document = try MetricsDocument(text: text, file: "metrics.yaml")
        document["s3_storage.total_objects"]?.value = .integer(12)
        document["code_base.python_files"]?.cached = false
        let expected = text.replacingOccurrences(of: "    value: 10     # old\n", with: "    value: 12\n") + "    cached: false\n"
        #expect(document.text == expected)
    }

    @Test func aChangedFlowMapIsWrittenInFlowStyle() throws {
        var document = try MetricsDocument(text: "s3_storage:\n  size: {value: 1.5, unit: GB}\n", file: "metrics.yaml")
        document["s3_storage.size"]?.value = .float(2.25)
        #expect(document.text == "s3_storage:\n  size: {value: 2.25, unit: GB}\n")
    }

    @Test func snapshotDateIsWrittenAsTheOriginalDid() throws {
        var document = try MetricsDocument(text: Fixtures.metrics, file: "inventory/metrics.yaml")
        document.snapshotDate = Day("2025-10-22")
        #expect(document.text.contains("  notes: Metrics tracked by DIMS. Values are verified against live commands on each\n"
            + "    run; see docs/claude_workflows for details.\n  snapshot_date: '2025-10-22'\ns3_storage:\n"))
        let reread = try MetricsDocument(text: document.text, file: "inventory/historical/2025-10-22.yaml")
        #expect(reread.snapshotDate == Day("2025-10-22"))
    }

    @Test func aNewDocumentStartsWithItsMetadata() {
        var document = MetricsDocument()
        document.record("git.commits", value: .integer(5), verifiedAt: Timestamp(seconds: 0))
        document[metadata: "version"] = .string("1.0.0")
        #expect(document.text == "metadata:\n  version: 1.0.0\ngit:\n  commits:\n    value: 5\n    last_verified: '1970-01-01T00:00:00'\n")
    }

    @Test func anEmptyFileIsAnEmptyDocument() throws {
        let document = try MetricsDocument(text: "", file: "metrics.yaml")
        #expect(document.paths.isEmpty)
        #expect(document.text == "{}\n")
    }

    @Test(arguments: [
        ("s3_storage:\n  total_objects:\n    value: [1, 2]\n", 3, "s3_storage.total_objects.value",
         "metrics.yaml:3: 's3_storage.total_objects.value' must be a number, text or boolean, not a list"),
        ("s3_storage:\n  total_objects:\n    value:\n      a: 1\n", 3, "s3_storage.total_objects.value",
         "metrics.yaml:3: 's3_storage.total_objects.value' must be a number, text or boolean, not a map"),
        ("metadata: {}\ns3_storage: 5\n", 2, "s3_storage", "metrics.yaml:2: Category 's3_storage' must be a map of metrics, not '5'"),
        ("s3_storage:\n- a\n", 1, "s3_storage", "metrics.yaml:1: Category 's3_storage' must be a map of metrics, not a list"),
        ("s3_storage:\n  total_objects: 172726\n", 2, "s3_storage.total_objects",
         "metrics.yaml:2: Metric 's3_storage.total_objects' must be a map with a 'value', not '172726'"),
        ("git:\n  commits:\n    value: 1\n    last_verified: yesterday\n", 4, "git.commits.last_verified",
         "metrics.yaml:4: 'git.commits.last_verified' must be a time like '2025-10-22T14:03:11.123456', not 'yesterday'"),
        ("metadata:\n- 1\n", 1, "metadata", "metrics.yaml:1: 'metadata' must be a map, not a list"),
        ("git:\n  commits: {value: 1}\n  commits: {value: 2}\n", 3, "git.commits",
         "metrics.yaml:3: 'git.commits' is defined twice (first on line 2)"),
        ("- 1\n- 2\n", 1, nil, "metrics.yaml:1: The file must be a map of categories, not a list"),
    ] as [(String, Int, String?, String)])
    func malformedContentNamesFileLineAndKey(text: String, line: Int, key: String?, message: String) {
        let error = #expect(throws: InventoryFileError.self) { try MetricsDocument(text: text, file: "metrics.yaml") }
        #expect(error?.code == .invalid)
        #expect(error?.line == line)
        #expect(error?.key == key)
        #expect(error?.message == message)
    }

    @Test func invalidYAMLNamesTheLine() {
        let text = "git:\n  commits:\n    value: 1\n    last_verified: 'unterminated\n"
        let error = #expect(throws: InventoryFileError.self) { try MetricsDocument(text: text, file: "metrics.yaml") }
        #expect(error?.code == .syntax)
        #expect(error?.message.hasPrefix("metrics.yaml:5: Invalid YAML: found unexpected end of stream") == true)
    }
}
