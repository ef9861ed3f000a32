import DIMSTestSupport
import Foundation
import Testing

struct CacheAndReportTests {
    /// Metrics named in ttl_overrides are cached for their TTL; verify says so; cleanup and clear remove entries.
    @Test func overriddenMetricsAreCachedUntilTheyExpire() throws {
        let project = try TestProject(config: TestProject.defaultConfig.replacingOccurrences(
            of: "ttl_overrides: {}", with: "ttl_overrides: {file_count: 24, prediction_system: 12}"))
        try project.dims("verify", "--update")
        project.setValue("count", 150)
        project.now = "2025-10-01T10:00:00Z"
        let cached = try project.dims("verify")
        #expect(cached.status == 0, "the cached value stands in while its TTL holds")
        #expect(cached.stdout.contains("came from the cache"))
        #expect(try project.dims("verify", "--no-cache").status == 1)

        let info = try project.dims("cache", "info")
        #expect(info.stdout.contains("Total entries: 2"), "\(info.stdout)")
        #expect(info.stdout.contains("Active (not expired): 2"))
        project.now = "2025-10-01T22:00:00Z"
        #expect(try project.dims("cache", "info").stdout.contains("Expired: 1"), "the 12 h entry expired first")
        project.now = "2025-10-03T10:00:00Z"
        let later = try project.dims("cache", "info")
        #expect(later.stdout.contains("Expired: 2"), "\(later.stdout)")
        #expect(try project.dims("cache", "cleanup").stdout.contains("Removed 2"))
        #expect(try project.dims("cache", "info").stdout.contains("Total entries: 0"))
        try project.dims("verify", "--no-cache")
        #expect(try project.dims("cache", "clear").stdout.contains("Cleared 2"))
    }

    /// generate writes all four reports; the HTML is self-contained and escapes text.
    @Test func generateWritesEveryFormat() throws {
        let project = try TestProject()
        try project.dims("verify", "--update")
        let result = try project.dims("generate")
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["metrics_report.md", "metrics_report.json", "metrics_report.html", "metrics_report.ipynb"] {
            #expect(project.read("inventory/outputs/\(name)") != nil, "\(name)")
        }
        let html = project.read("inventory/outputs/metrics_report.html") ?? ""
        #expect(!html.contains("https://") && !html.contains("http://"))
        let json = try JSONSerialization.jsonObject(with: Data((project.read("inventory/outputs/metrics_report.json") ?? "").utf8)) as? [String: Any]
        #expect((json?["metrics"] as? [Any])?.count == 2)
        #expect(try project.dims("generate", "--format", "markdown").status == 0)
        #expect(try project.dims("generate", "--format", "pdf").status != 0)
    }

    /// info shows the store and which config sections are not active.
    @Test func infoListsInactiveSections() throws {
        let project = try TestProject()
        try project.dims("verify")
        let info = try project.dims("info")
        #expect(info.status == 0)
        #expect(info.stdout.contains("Event log: inventory/.dims"))
        // database: is acted on (retention, and the team log when enabled); this config leaves no section inactive.
        #expect(!info.stdout.contains("Sections read but not acted on yet"), "\(info.stdout)")
        #expect(info.stdout.contains("database_backend: off"), "\(info.stdout)")
        #expect(info.stdout.contains("smart_cache: active"), "\(info.stdout)")
    }
}
