import DIMSTestSupport
import Foundation
import Testing

/// The workflow commands run as a user runs them: the built binary in a temp project.
struct WorkflowTests {
    /// With no log and no metrics.yaml every metric is new; --update sets baselines; then all is OK.
    @Test func newThenUpdateThenOK() throws {
        let project = try TestProject()
        let first = try project.dims("verify")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("code_base.file_count: 100 (NEW"))
        let update = try project.dims("verify", "--update")
        #expect(update.status == 0, "\(update.stderr)")
        #expect(project.read("inventory/metrics.yaml")?.contains("value: 100") == true)
        let again = try project.dims("verify")
        #expect(again.status == 0)
        #expect(again.stdout.contains("✅ code_base.file_count: 100 (OK)"))
        #expect(again.stdout.contains("✅ prediction_system.total_lines: 2,000 (OK)"))
        #expect(again.stdout.contains("Summary: 2/2 OK"))
    }

    /// A drift prints the seed's line, Severity and Action, and exits 1.
    @Test(arguments: [
        ("count", 108, "⚠️  code_base.file_count: 108 (drifted +8.0% from 100)", "Severity: Medium (volatile metric, moderate drift)"),
        ("count", 103, "⚠️  code_base.file_count: 103 (drifted +3.0% from 100)", "Severity: Low (volatile metric, minor drift)"),
        ("count", 120, "code_base.file_count: 120 (drifted +20.0% from 100)", "Severity: High (volatile metric, major drift)"),
        ("count", 140, "❌ code_base.file_count: 140 (drifted +40.0% from 100)", "Severity: Critical (volatile metric, critical drift)"),
        ("lines", 2160, "❌ prediction_system.total_lines: 2,160 (drifted +8.0% from 2,000)", "Severity: High (stable metric, moderate drift)"),
        ("lines", 2040, "prediction_system.total_lines: 2,040 (drifted +2.0% from 2,000)", "Severity: Medium (stable metric, minor drift)"),
        ("lines", 2400, "❌ prediction_system.total_lines: 2,400 (drifted +20.0% from 2,000)", "Severity: Critical (stable metric, major drift)"),
    ])
    func driftShowsSeverityByVolatility(name: String, value: Int, line: String, severity: String) throws {
        let project = try TestProject()
        try project.dims("verify", "--update")
        project.setValue(name, value)
        let result = try project.dims("verify")
        #expect(result.status == 1)
        #expect(result.stdout.contains(line), "\(result.stdout)")
        #expect(result.stdout.contains(severity), "\(result.stdout)")
        #expect(result.stdout.contains("Action: "))
        #expect(result.stdout.contains("Summary: 1/2 OK, 1 drifted"))
    }

    /// --fail-on raises the level that fails the run; --quiet prints the one-line form.
    @Test func failOnAndQuiet() throws {
        let project = try TestProject()
        try project.dims("verify", "--update")
        project.setValue("count", 103)
        #expect(try project.dims("verify", "--fail-on", "moderate").status == 0)
        let quiet = try project.dims("verify", "--quiet")
        #expect(quiet.status == 1)
        #expect(quiet.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "⚠️  1 metric drifted (code_base.file_count +3.0%)")
        #expect(try project.dims("verify", "--fail-on", "nonsense").status != 0)
    }

    /// A failing measurement is an ERROR with its reason, exits 2, and never moves a baseline.
    @Test func failedMeasurementIsAnError() throws {
        let project = try TestProject()
        try project.dims("verify", "--update")
        try FileManager.default.removeItem(atPath: project.root + "/values/count.txt")
        let result = try project.dims("verify", "--update")
        #expect(result.status == 2)
        #expect(result.stdout.contains("code_base.file_count: ERROR"))
        #expect(result.stdout.contains("count.txt"))
        project.setValue("count", 100)
        #expect(try project.dims("verify").status == 0)
    }

    /// dims finds the project from a subfolder, and --root overrides.
    @Test func findsRootFromSubfolder() throws {
        let project = try TestProject()
        try FileManager.default.createDirectory(atPath: project.root + "/a/b", withIntermediateDirectories: true)
        #expect(try project.dims("verify", in: project.root + "/a/b").status == 0)
        #expect(try project.dims("info", "--root", project.root, in: "/").status == 0)
        let outside = try ProcessRunner.run(ProcessRunner.binary("dims"), ["verify"], in: "/")
        #expect(outside.status == 2)
        #expect(outside.stderr.contains("inventory/config.yaml"))
    }

    /// update measures ignoring the cache and moves every changed baseline.
    @Test func updateMovesChangedBaselines() throws {
        let project = try TestProject()
        try project.dims("update")
        project.setValue("lines", 2500)
        let result = try project.dims("update", "--metric", "prediction_system.total_lines")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2,500 (was 2,000)"))
        #expect(try project.dims("verify").status == 0)
        let unknown = try project.dims("update", "--metric", "total_line")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Did you mean 'total_lines'"))
    }
}
