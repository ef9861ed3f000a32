import DIMSTestSupport
import Foundation
import Testing

/// `dims backfill` over a generated year of history (Tools/bench/backfill/generate_history.py), checked against
/// `dims update` run on checkouts of the same commits.
struct BackfillTests {
    static let generator = ProcessRunner.packageRoot + "/Tools/bench/backfill/generate_history.py"

    static let config = """
        version: "1.0.0"
        metrics:
          code_base:
            python_files: {source: files, paths: ., include: "*.py", gitignore: true}
            all_files: {source: files, paths: ., gitignore: true, hidden: true}
            src_files: {source: files, paths: src, hidden: true}
            src_lines: {source: lines, paths: src}
            python_lines: {source: lines, paths: ., include: "*.py", exclude: "src/vendor/**", gitignore: true}
            todos: {source: grep, paths: ., pattern: "todo", ignore_case: true, gitignore: true}
            fixmes: {source: grep, paths: [src, docs], pattern: "^fix(me)?", extended: true}
            src_bytes: {source: bytes, paths: src}
            data_kb: {source: bytes, paths: data, unit: KB, parse_type: float, precision: 2, missing: zero}
            docs: {source: files, paths: docs, missing: zero}
            linked: {source: files, paths: src, follow_symlinks: files}
            linked_lines: {source: lines, paths: src/pkg, follow_symlinks: files, missing: zero}
            readme_lines: {source: lines, paths: README.md}
            ignored_logs: {source: files, paths: ., include: "*.log"}
            python_share: {source: formula, formula: "python_files / all_files * 100", parse_type: float, precision: 3}
          activity:
            commits: {source: git}
            fixes: {source: git, grep: "fix", ignore_case: true}
            since_june: {source: git, since: "2025-06-01"}
            crash_lines: {source: git, grep: "crash", grep_scope: oneline, ignore_case: true}
            age_days: {source: git, measure: latest_age_days, parse_type: float, precision: 2}
          unknowable:
            ignored_bytes: {source: bytes, paths: tmp}
            untracked: {source: files, paths: untracked}
            disk: {source: bytes, paths: src, usage: disk}
            age: {source: age, paths: src}
            shell: {command: "echo 1", parse_type: integer}
            every_ref: {source: git, all: true}
            from_shell: {source: formula, formula: "unknowable.shell + 1"}
        """

    /// A project whose repository holds `commits` generated commits over a year, checked out at the last.
    func generated(commits: Int, files: Int) throws -> TestProject {
        let project = try TestProject(config: Self.config)
        let made = try ProcessRunner.run("/usr/bin/python3", [Self.generator, project.root, "--commits", "\(commits)", "--files", "\(files)", "--seed", "7"])
        #expect(made.status == 0, "\(made.stderr)")
        project.now = "2026-01-10T00:00:00Z"
        return project
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// For 20 of 300 commits, every backfilled value is what `dims update` measures on a checkout of that commit, and
    /// what git cannot know is skipped with its reason.
    @Test func backfilledValuesEqualUpdateOnACheckout() throws {
        let project = try generated(commits: 300, files: 150)
        let dry = try project.dims("backfill", "--every", "commit", "--dry-run", "--json")
        #expect(dry.status == 0, "\(dry.stderr)")
        let answer = try json(dry.stdout)
        let skipped = Dictionary(uniqueKeysWithValues: (answer["skipped"] as? [[String: String]] ?? []).map { ($0["metric"]!, $0["reason"]!) })
        #expect(Set(skipped.keys) == ["unknowable.ignored_bytes", "unknowable.untracked", "unknowable.disk", "unknowable.age",
                                      "unknowable.shell", "unknowable.every_ref", "unknowable.from_shell"], "\(skipped)")
        #expect(skipped["unknowable.ignored_bytes"]?.contains("untracked or ignored") == true)
        #expect(skipped["unknowable.from_shell"]?.contains("'unknowable.shell'") == true)
        let points = try #require(answer["measured"] as? [[String: Any]])
        #expect(points.count == 300)

        let checkout = TemporaryDirectory("dims-backfill-checkout")
        try ProcessRunner.run("/usr/bin/git", ["clone", "-q", project.root, checkout.path])
        var compared = 0
        for point in stride(from: 7, to: 300, by: 15).map({ points[$0] }) {
            let commit = try #require(point["commit"] as? String)
            let time = try #require(point["time"] as? String)
            let values = try #require(point["values"] as? [String: Any])
            try ProcessRunner.run("/usr/bin/git", ["-C", checkout.path, "checkout", "-q", "-f", "--detach", commit])
            try ProcessRunner.run("/usr/bin/git", ["-C", checkout.path, "clean", "-q", "-ffdx"])
            checkout.write(Self.config, to: "inventory/config.yaml")
            let update = try ProcessRunner.run(ProcessRunner.binary("dims"), ["update", "--json"], in: checkout.path, environment: ["DIMS_NOW": time])
            let metrics = try #require(try json(update.stdout)["metrics"] as? [[String: Any]], "\(update.stdout) \(update.stderr)")
            for metric in metrics {
                let path = try #require(metric["path"] as? String)
                guard skipped[path] == nil else { continue }
                if let live = metric["value"] as? NSNumber {
                    let backfilled = values[path] as? NSNumber
                    #expect(backfilled?.doubleValue == live.doubleValue, "\(path) at \(commit) (\(time)): backfill \(String(describing: backfilled)), update \(live)")
                    compared += 1
                } else {
                    #expect(values[path] == nil, "\(path) at \(commit): update failed (\(metric["error"] ?? "")), backfill gave \(values[path]!)")
                }
            }
        }
        #expect(compared >= 20 * 18)
    }

    /// On a project just adopted, one weekly backfill gives a year of points in history; a second adds nothing; the
    /// baselines and metrics.yaml stay as they were, and audit marks the readings as backfilled.
    @Test func weeklyBackfillGivesAYearOfHistory() throws {
        let project = try generated(commits: 300, files: 80)
        let adopted = try project.dims("update")
        #expect(adopted.status == 0 || adopted.status == 2, "\(adopted.stderr)")
        let metricsFile = project.read("inventory/metrics.yaml")
        let first = try project.dims("backfill", "--every", "1w")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Skipped unknowable.shell: It runs a command"), "\(first.stdout)")
        let weeks = first.stdout.components(separatedBy: "Backfilled ").last?.split(separator: " ").first.flatMap { Int($0) } ?? 0
        #expect((52...54).contains(weeks), "\(first.stdout)")
        let again = try project.dims("backfill", "--every", "1w")
        #expect(again.stdout.contains(": 0 readings added"), "\(again.stdout)")
        #expect(project.read("inventory/metrics.yaml") == metricsFile)

        let history = try project.dims("history", "code_base.python_files", "--days", "365")
        #expect(history.status == 0, "\(history.stderr)")
        let days = history.stdout.split(separator: "\n").filter { $0.hasPrefix("2025-") || $0.hasPrefix("2026-") }
        #expect(days.count >= 50, "\(history.stdout)")
        // A year of weekly points: one in each Monday-to-Sunday week from the window's start to the last commit, each
        // marked; the adoption's own reading (today) is not.
        let backfilledDays = days.filter { $0.hasSuffix(" · backfilled") }.compactMap { Self.day($0.prefix(10)) }
        let weekNumbers = backfilledDays.map { Int(($0.timeIntervalSince1970 / 86_400 + 3) / 7) }
        #expect(zip(weekNumbers, weekNumbers.dropFirst()).allSatisfy { $1 == $0 + 1 }, "\(history.stdout)")
        #expect((51...53).contains(backfilledDays.count), "\(history.stdout)")
        #expect(backfilledDays.first.map { $0 <= Self.day("2025-01-19")! } == true, "\(history.stdout)")
        #expect(backfilledDays.last.map { $0 >= Self.day("2025-12-28")! } == true, "\(history.stdout)")
        #expect(days.last?.hasPrefix("2026-01-10: ") == true && days.last?.hasSuffix("backfilled") == false, "\(history.stdout)")

        let diff = try project.dims("diff", "--since", "2025-06-30")
        #expect(diff.stdout.contains("were backfilled from git"), "\(diff.stdout)")

        let audit = try project.dims("audit", "code_base.python_files")
        #expect(audit.stdout.contains("backfilled at "), "\(audit.stdout)")
        let verify = try project.dims("verify")
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
    }

    static func day(_ text: Substring) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: String(text))
    }

    /// Reports and explain mark backfilled readings: the values (when the latest reading is backfilled) and series
    /// points of `generate`'s JSON, Markdown and HTML reports; explain says a backfilled reading has no breakdown.
    @Test func reportsAndExplainMarkBackfilledReadings() throws {
        let project = try generated(commits: 60, files: 30)
        let backfill = try project.dims("backfill", "--every", "1w", "--metric", "python_files", "--metric", "commits")
        #expect(backfill.status == 0, "\(backfill.stderr)")

        #expect(try project.dims("generate", "--format", "json").status == 0)
        let report = try json(project.read("inventory/outputs/metrics_report.json") ?? "")
        let metrics = try #require(report["metrics"] as? [[String: Any]])
        let python = try #require(metrics.first { $0["path"] as? String == "code_base.python_files" })
        #expect(python["backfilled"] as? Bool == true, "\(python)")
        let series = try #require(python["series"] as? [[String: Any]])
        #expect(!series.isEmpty && series.allSatisfy { $0["backfilled"] as? Bool == true }, "\(series)")
        let docs = try #require(metrics.first { $0["path"] as? String == "code_base.docs" })
        #expect(docs["backfilled"] as? Bool == false)

        #expect(try project.dims("generate", "--format", "markdown").status == 0)
        let markdown = project.read("inventory/outputs/metrics_report.md") ?? ""
        #expect(markdown.contains("| code_base.python_files |"), "\(markdown)")
        #expect(markdown.split(separator: "\n").contains { $0.hasPrefix("| code_base.python_files |") && $0.contains(" (backfilled) |") }, "\(markdown)")
        #expect(markdown.contains("Backfilled from git: \(series.count * 2)"), "\(markdown)")
        #expect(try project.dims("generate", "--format", "html").status == 0)
        let html = project.read("inventory/outputs/metrics_report.html") ?? ""
        #expect(html.contains(" (backfilled)</td>") && html.contains("Backfilled from git: "), "\(html)")

        let explain = try project.dims("explain", "code_base.python_files", "--since", "2025-12-01")
        #expect(explain.status == 2)
        #expect(explain.stderr.contains("backfilled readings (2025-"), "\(explain.stderr)")
        #expect(explain.stderr.contains("measured at past commits from git) carry no breakdown"), "\(explain.stderr)")
    }

    /// On a terminal, backfill shows its progress on stderr (and clears it); piped, it shows none. Git is made slow
    /// to list the history, so that the run outlasts the second before progress shows.
    @Test func progressShowsOnATerminalOnly() throws {
        let project = try generated(commits: 40, files: 20)
        let slow = TemporaryDirectory("dims-slow-git")
        slow.write("#!/bin/sh\ncase \"$1\" in rev-list) sleep 1.5;; esac\nexec /usr/bin/git \"$@\"\n", to: "git")
        try ProcessRunner.run("/bin/chmod", ["+x", slow.path + "/git"])
        let path = slow.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let environment = ["DIMS_NOW": project.now, "DIMS_ACTOR": project.actor, "PATH": path].merging(ProcessRunner.dimsTrust) { $1 }

        // stderr on a pseudo-terminal, stdout a pipe.
        let terminal = try ProcessRunner.run("/usr/bin/python3", ["-c", Self.onATerminal, ProcessRunner.binary("dims"), "backfill", "--every", "1w"],
                                             in: project.root, environment: environment)
        let answer = try json(terminal.stdout)
        #expect(answer["status"] as? Int == 0, "\(terminal.stdout) \(terminal.stderr)")
        let shown = try #require(answer["terminal"] as? String)
        #expect(shown.contains("\r\u{1B}[KBackfilling: 1 of "), "\(shown.debugDescription)")
        #expect(shown.hasSuffix("\r\u{1B}[K"), "the progress line is cleared at the end: \(shown.debugDescription)")
        #expect((answer["stdout"] as? String)?.contains("Backfilled ") == true, "\(answer)")

        try FileManager.default.removeItem(atPath: project.root + "/inventory/.dims")
        let piped = try project.dims("backfill", "--every", "1w", environment: ["PATH": path])
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.contains("Backfilled "), "\(piped.stdout)")
        #expect(!piped.stderr.contains("Backfilling"), "\(piped.stderr)")
    }

    /// Runs the command in argv[1:] with stderr on a pseudo-terminal; prints its status, stdout and what the terminal showed.
    static let onATerminal = """
        import json, os, pty, subprocess, sys, threading
        master, slave = pty.openpty()
        shown = bytearray()
        def drain():
            while True:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                shown.extend(chunk)
        reader = threading.Thread(target=drain)
        reader.start()
        child = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave)
        os.close(slave)
        out, _ = child.communicate()
        reader.join()
        print(json.dumps({"status": child.returncode, "stdout": out.decode(), "terminal": shown.decode()}))
        """

    /// `--metric` takes only the metrics named; an unknown one exits 2 with a suggestion, and a repository without git
    /// history is an error naming git's reason.
    @Test func metricSelectionAndErrors() throws {
        let project = try generated(commits: 30, files: 20)
        let one = try project.dims("backfill", "--metric", "code_base.docs", "--every", "commit", "--json")
        #expect(one.status == 0, "\(one.stderr)")
        #expect(try json(one.stdout)["readings"] as? Int == 30)
        let unknown = try project.dims("backfill", "--metric", "code_base.doc")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Did you mean 'code_base.docs'"), "\(unknown.stderr)")
        let bad = try project.dims("backfill", "--every", "2w")
        #expect(bad.status == 64 || bad.status == 2, "\(bad.stderr)")
        let range = try project.dims("backfill", "--since", "2030-01-01", "--metric", "docs")
        #expect(range.stdout.contains("No commit to backfill in that range"), "\(range.stdout)")

        let bare = try TestProject(config: Self.config)
        let empty = try bare.dims("backfill")
        #expect(empty.status == 2, "\(empty.stdout)")
        #expect(empty.stderr.contains("Git could not"), "\(empty.stderr)")
    }
}
