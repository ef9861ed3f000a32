import DIMSTestSupport
import Foundation
import Testing

/// The command-line surface as a user meets it: where global options go, bad option values, errors under --json,
/// colour, and options that must take effect.
struct CommandLineTests {
    /// `--root` (and the other global options) work before the subcommand as well as after it.
    @Test func globalOptionsBeforeTheSubcommand() throws {
        let project = try TestProject()
        let elsewhere = TemporaryDirectory("dims-elsewhere")
        let before = try ProcessRunner.run(ProcessRunner.binary("dims"), ["--root", project.root, "--json", "info"], in: elsewhere.path)
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stdout.contains("\"enabled_metrics\": 2"), "\(before.stdout)")
        let equals = try ProcessRunner.run(ProcessRunner.binary("dims"), ["--root=\(project.root)", "log", "stats"], in: elsewhere.path)
        #expect(equals.status == 0, "\(equals.stderr)")
        let after = try ProcessRunner.run(ProcessRunner.binary("dims"), ["info", "--root", project.root], in: elsewhere.path)
        #expect(after.status == 0, "\(after.stderr)")
    }

    /// A value outside an option's choices is bad input (status 2, not argument-parser's 64), naming the choices.
    @Test func badOptionValueExitsTwo() throws {
        let project = try TestProject()
        let failOn = try project.dims("verify", "--fail-on", "huge")
        #expect(failOn.status == 2, "\(failOn.stderr)")
        #expect(failOn.stderr.contains("huge"))
        #expect(failOn.stderr.contains("minor"))
        let format = try project.dims("generate", "--format", "pdf")
        #expect(format.status == 2, "\(format.stderr)")
        #expect(format.stderr.contains("markdown"))
        let unknown = try project.dims("verify", "--no-such-option")
        #expect(unknown.status == 2)
    }

    /// The completion scripts offer the values of the options that have a fixed set.
    @Test func completionsListTheChoices() throws {
        let project = try TestProject()
        for shell in ["bash", "zsh", "fish"] {
            let script = try project.dims("--generate-completion-script", shell)
            #expect(script.status == 0, "\(script.stderr)")
            #expect(script.stdout.contains("minor") && script.stdout.contains("critical"), "\(shell)")
            #expect(script.stdout.contains("jupyter"), "\(shell)")
        }
    }

    /// Under --json an error is a JSON answer on stdout: `{"error": {"file", "message", "status"}}`.
    @Test func errorsAreJSONUnderJSON() throws {
        let project = try TestProject()
        let result = try project.dims("history", "code_base.no_such_metric", "--json")
        #expect(result.status == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
        let error = try #require(object["error"] as? [String: Any])
        #expect(error["status"] as? Int == 2)
        #expect((error["message"] as? String)?.contains("no_such_metric") == true)
        #expect(error["file"] is NSNull)
        let usage = try project.dims("--json", "verify", "--fail-on", "huge")
        #expect(usage.status == 2)
        #expect(usage.stdout.contains("\"status\": 2"), "\(usage.stdout)")
        project.write("metrics: [unclosed\n", to: "inventory/config.yaml")
        let config = try project.dims("verify", "--json")
        #expect(config.status == 2)
        #expect(config.stdout.contains("\"file\": \"inventory/config.yaml\""), "\(config.stdout)")
    }

    /// Colour is on at a terminal unless NO_COLOR is set to a non-empty value; an empty NO_COLOR keeps it.
    @Test func emptyNoColorKeepsColourAtATerminal() throws {
        let project = try TestProject()
        #expect(try project.dims("verify", "--update").status == 0)
        func atTerminal(_ noColor: String) throws -> String {
            let command = "'\(ProcessRunner.binary("dims"))' verify"
            let environment = ["NO_COLOR": noColor, "DIMS_NOW": project.now, "DIMS_ACTOR": project.actor]
            return try ProcessRunner.run("/usr/bin/script", ["-qec", command, "/dev/null"], in: project.root, environment: environment).stdout
        }
        // A colour ends with the reset sequence; the progress line's erase (ESC [K) is not a colour.
        #expect(try atTerminal("").contains("\u{1B}[0m"))
        #expect(try !atTerminal("1").contains("\u{1B}[0m"))
    }

    /// `generate --days N` charts N days of history, not always 90.
    @Test func generateChartsTheDaysAsked() throws {
        let project = try TestProject()
        for (day, value) in [("2025-09-01", 100), ("2025-09-20", 110), ("2025-10-01", 120)] {
            project.now = "\(day)T09:00:00Z"
            project.setValue("count", value)
            #expect(try project.dims("verify", "--update").status == 0)
        }
        func points(_ arguments: String...) throws -> Int {
            #expect(try project.dims(["generate", "--format", "json"] + arguments).status == 0)
            let text = try #require(project.read("inventory/outputs/metrics_report.json"))
            let report = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let metrics = try #require(report["metrics"] as? [[String: Any]])
            let metric = try #require(metrics.first { $0["path"] as? String == "code_base.file_count" })
            return (metric["series"] as? [Any])?.count ?? -1
        }
        #expect(try points() == 3)
        #expect(try points("--days", "5") == 1)
        #expect(try points("--days", "15") == 2)
    }
}
