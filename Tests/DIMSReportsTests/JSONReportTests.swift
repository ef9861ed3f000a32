import DIMSCore
import DIMSReports
import Foundation
import Testing

struct JSONReportTests {
    let text = ReportFormat.render(Fixture.everything, as: .json)

    private func document() throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    private func metric(_ path: String) throws -> [String: Any] {
        let metrics = try #require(try document()["metrics"] as? [[String: Any]])
        return try #require(metrics.first { $0["path"] as? String == path })
    }

    @Test func topLevelHasGeneratedRootSummaryAndMetrics() throws {
        let document = try document()
        #expect(Set(document.keys) == ["generated", "root", "summary", "metrics", "pending_approvals", "recommendations"])
        #expect(document["generated"] as? String == "2025-10-22T14:03:00Z")
        #expect(document["root"] as? String == "/projects/nba")
        let summary = try #require(document["summary"] as? [String: Int])
        #expect(summary == ["total": 17, "ok": 3, "drifted": 12, "errors": 1, "new": 1])
        #expect((document["metrics"] as? [Any])?.count == 17)
    }

    @Test func metricHasEveryDocumentedKey() throws {
        let keys: Set<String> = [
            "path", "category", "name", "description", "volatility", "value", "value_type", "measured", "baseline",
            "baseline_set", "status", "level", "severity", "delta", "percent", "error", "backfilled", "series",
        ]
        let metrics = try #require(try document()["metrics"] as? [[String: Any]])
        for metric in metrics { #expect(Set(metric.keys) == keys) }
    }

    @Test func driftedMetricHasTypedDeltaAndPercent() throws {
        let metric = try metric("code_base.python_files")
        #expect(metric["category"] as? String == "code_base")
        #expect(metric["name"] as? String == "python_files")
        #expect(metric["status"] as? String == "drifted")
        #expect(metric["level"] as? String == "minor")
        #expect(metric["severity"] as? String == "low")
        #expect(metric["percent"] as? Double == 40.0 / 1268 * 100)
        #expect(metric["measured"] as? String == "2025-10-22T14:03:00Z")
        #expect(metric["baseline_set"] as? String == "2025-10-01T00:00:00Z")
        #expect(text.contains("\"delta\": 40,"))
    }

    /// Integers are written without a fraction and floats with one, so readers keep the type.
    @Test func valuesKeepTheirTypes() throws {
        #expect(text.contains("\"value\": 172726,"))
        #expect(text.contains("\"value\": 118.26,"))
        #expect(text.contains("\"value\": \"main\","))
        #expect(text.contains("\"value\": true,"))
        #expect(text.contains("\"delta\": 0.05,"))
        let whole = ReportFormat.json.render(Fixture.report([Fixture.row("a.size", .float(2), baseline: .float(2))]))
        #expect(whole.contains("\"value\": 2.0,"))
        #expect(try metric("s3_storage.total_objects")["value_type"] as? String == "integer")
        #expect(try metric("project.released")["value_type"] as? String == "boolean")
    }

    @Test func errorNewAndChangedMetricsHaveTheirStatus() throws {
        let failed = try metric("local_data.espn_size_gb")
        #expect(failed["status"] as? String == "error")
        #expect(failed["error"] as? String == "Command 'du -sm data/espn' failed: No such file or directory")
        #expect(failed["value"] is NSNull)
        #expect(failed["value_type"] as? String == "float")
        #expect(try metric("workflows.count")["status"] as? String == "new")
        #expect(try metric("workflows.count")["baseline"] is NSNull)
        #expect(try metric("git.branch")["status"] as? String == "changed")
        #expect(try metric("git.branch")["delta"] is NSNull)
        #expect(try metric("s3_storage.total_objects")["status"] as? String == "ok")
    }

    @Test func seriesListsTimesAndValuesOldestFirst() throws {
        let series = try #require(try metric("s3_storage.total_objects")["series"] as? [[String: Any]])
        #expect(series.map { $0["time"] as? String } == [
            "2025-10-01T12:00:00Z", "2025-10-08T12:00:00Z", "2025-10-15T12:00:00Z", "2025-10-22T12:00:00Z",
        ])
        #expect(series.map { $0["value"] as? Int } == [168_432, 170_891, 171_523, 172_726])
    }

    @Test func keysAreSortedAndOutputIsStable() {
        #expect(text == ReportFormat.json.render(Fixture.everything))
        let generated = text.range(of: "\"generated\"")!.lowerBound
        let metrics = text.range(of: "\"metrics\"")!.lowerBound
        let root = text.range(of: "\"root\"")!.lowerBound
        #expect(generated < metrics && metrics < root)
    }

    @Test func controlCharactersAndQuotesAreEscaped() throws {
        let row = Fixture.row("a.b", .string("say \"hi\"\n\u{7}\\"), baseline: nil)
        let text = ReportFormat.json.render(Fixture.report([row]))
        #expect(text.contains(#""value": "say \"hi\"\n\u0007\\","#))
        let document = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let metrics = try #require(document["metrics"] as? [[String: Any]])
        #expect(metrics[0]["value"] as? String == "say \"hi\"\n\u{7}\\")
    }
}
