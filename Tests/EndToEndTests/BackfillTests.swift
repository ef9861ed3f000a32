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

        // A backfilled file metric carries its breakdown; a git metric's readings carry none, and explain says so.
        let explain = try project.dims("explain", "code_base.python_files", "--since", "2025-12-01")
        #expect(explain.status == 0, "\(explain.stderr)")
        let commits = try project.dims("explain", "activity.commits", "--since", "2025-12-01")
        #expect(commits.status == 2)
        #expect(commits.stderr.contains("backfilled readings (2025-"), "\(commits.stderr)")
        #expect(commits.stderr.contains("measured at past commits from git) carry no breakdown"), "\(commits.stderr)")
    }

    /// A backfilled file metric carries the breakdown by top-level folder that `dims verify` records on a checkout of
    /// the same commit, so `explain` across backfilled history names the same folders with the same numbers.
    @Test func backfilledBreakdownsEqualVerifyOnACheckout() throws {
        let project = try generated(commits: 80, files: 40)
        let dry = try project.dims("backfill", "--every", "1w", "--dry-run", "--json")
        #expect(dry.status == 0, "\(dry.stderr)")
        let points = try #require(try json(dry.stdout)["measured"] as? [[String: Any]])
        #expect(points.count > 10)
        #expect(try project.dims("backfill", "--every", "1w").status == 0)

        let checkout = TemporaryDirectory("dims-backfill-breakdown")
        try ProcessRunner.run("/usr/bin/git", ["clone", "-q", project.root, checkout.path])
        let config = Self.config.replacingOccurrences(of: "version: \"1.0.0\"\n", with: "version: \"1.0.0\"\ncache: {enabled: false}\n")
        for point in [points[points.count / 2], points[points.count - 1]] {
            let commit = try #require(point["commit"] as? String)
            try ProcessRunner.run("/usr/bin/git", ["-C", checkout.path, "checkout", "-q", "-f", "--detach", commit])
            try ProcessRunner.run("/usr/bin/git", ["-C", checkout.path, "clean", "-q", "-ffdx", "-e", "/inventory"])
            checkout.write(config, to: "inventory/config.yaml")
            let verify = try ProcessRunner.run(ProcessRunner.binary("dims"), ["verify", "--update"], in: checkout.path,
                                               environment: ["DIMS_NOW": try #require(point["time"] as? String)])
            // Status 2: the metrics git cannot know fail on a checkout too (no 'tmp', no 'untracked').
            #expect(verify.status == 2 && verify.stdout.contains(", 2 errors"), "\(verify.stdout) \(verify.stderr)")
        }
        let since = String(try #require(points[points.count / 2]["time"] as? String).prefix(10))
        let metrics = ["python_files", "all_files", "src_files", "src_lines", "python_lines", "todos", "fixmes", "src_bytes", "data_kb",
                       "docs", "linked", "linked_lines", "readme_lines", "ignored_logs"].map { "code_base.\($0)" }
        var compared = 0
        for metric in metrics {
            let backfilled = try project.dims("explain", metric, "--since", since, "--json")
            let live = try ProcessRunner.run(ProcessRunner.binary("dims"), ["explain", metric, "--since", since, "--json"], in: checkout.path,
                                             environment: ["DIMS_NOW": "2026-01-10T00:00:00Z"])
            #expect(backfilled.status == live.status, "\(metric): \(backfilled.stdout) \(backfilled.stderr) vs \(live.stdout) \(live.stderr)")
            guard backfilled.status == 0, live.status == 0 else { continue }
            let (ours, theirs) = (try json(backfilled.stdout), try json(live.stdout))
            for key in ["change", "rest_change"] { #expect(ours[key] as? Double == theirs[key] as? Double, "\(metric) \(key)") }
            let parts = try #require(ours["parts"] as? [[String: Any]]), expected = try #require(theirs["parts"] as? [[String: Any]])
            #expect(parts.map { "\($0["name"]!) \($0["then"]!) \($0["now"]!)" } == expected.map { "\($0["name"]!) \($0["then"]!) \($0["now"]!)" },
                    "\(metric)")
            let sum = parts.compactMap { $0["change"] as? Double }.reduce(0, +) + (ours["rest_change"] as? Double ?? .nan)
            #expect(abs(sum - (ours["change"] as? Double ?? .nan)) < 1e-9, "\(metric)")
            compared += 1
        }
        #expect(compared >= 12, "\(compared) of \(metrics.count) metrics explained")
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

    /// `git` metrics counted from one walk of the history equal git's own count at each commit, on a history with merges
    /// and commits older than their parents (where `since` stops git's walk early): relative dates as git computes
    /// them at the commit's time (`GIT_TEST_DATE_NOW`), absolute ones, filters, and the age of the newest commit.
    @Test func gitMetricsEqualGitAtEachCommit() throws {
        let project = try TestProject(config: """
            version: "1.0.0"
            metrics:
              activity:
                commits: {source: git}
                recent: {source: git, since: "2 weeks ago"}
                older: {source: git, until: "1 month ago"}
                fixes: {source: git, grep: "fix", ignore_case: true, since: "@1740787200"}
                by_ann: {source: git, author: "Ann"}
                crash_lines: {source: git, grep: "crash", grep_scope: oneline}
                age_hours: {source: git, measure: latest_age_hours, since: "3 days ago", parse_type: float, precision: 4}
            """)
        let made = try ProcessRunner.run("/usr/bin/python3", ["-c", Self.tangledHistory, project.root])
        #expect(made.status == 0, "\(made.stderr)")
        project.now = "2026-01-10T00:00:00Z"
        let dry = try project.dims("backfill", "--every", "commit", "--dry-run", "--json")
        #expect(dry.status == 0, "\(dry.stderr)")
        let points = try #require(try json(dry.stdout)["measured"] as? [[String: Any]])
        #expect(points.count > 40)
        func git(_ arguments: [String], at seconds: Int) throws -> String {
            let result = try ProcessRunner.run("/usr/bin/git", arguments, in: project.root, environment: ["GIT_TEST_DATE_NOW": "\(seconds)"])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var skewed = 0
        for point in points {
            let commit = try #require(point["commit"] as? String)
            let values = try #require(point["values"] as? [String: Any])
            let seconds = try #require(Int(try git(["show", "-s", "--format=%ct", commit], at: 0)))
            let expected: [String: [String]] = [
                "activity.commits": [],
                "activity.recent": ["--since=2 weeks ago"],
                "activity.older": ["--until=1 month ago"],
                "activity.fixes": ["--grep=fix", "-i", "--since=@1740787200"],
                "activity.by_ann": ["--author=Ann"],
            ]
            for (metric, filters) in expected {
                let count = try git(["rev-list", "--count"] + filters + [commit], at: seconds)
                #expect((values[metric] as? NSNumber)?.stringValue == count, "\(metric) at \(commit): backfill \(values[metric] ?? "none"), git \(count)")
            }
            let crashes = try git(["log", "--oneline", commit], at: seconds).split(separator: "\n").filter { $0.contains("crash") }.count
            #expect((values["activity.crash_lines"] as? NSNumber)?.intValue == crashes, "crash_lines at \(commit)")
            let newest = try git(["log", "-1", "--format=%ct", "--since=3 days ago", commit], at: seconds)
            if let newest = Int(newest) {
                let hours = Double(seconds - newest) / 3600
                #expect(abs(((values["activity.age_hours"] as? NSNumber)?.doubleValue ?? -1) - hours) < 0.01, "age_hours at \(commit)")
            } else {
                #expect(values["activity.age_hours"] == nil, "age_hours at \(commit): git found no commit")
            }
            let filtered = try git(["rev-list", "--count", "--since-as-filter=2 weeks ago", commit], at: seconds)
            if try git(["rev-list", "--count", "--since=2 weeks ago", commit], at: seconds) != filtered { skewed += 1 }
        }
        #expect(skewed > 0, "the history has points where `since` stops git's walk before older commits it would filter")
    }

    /// Writes a history of 120 commits with a side branch merged back, authors, messages, and some commits dated days
    /// before their parents; leaves `main` checked out.
    static let tangledHistory = """
        import random, subprocess, sys
        root = sys.argv[1]
        rng = random.Random(5)
        importer = subprocess.Popen(["git", "-C", root, "fast-import", "--quiet"], stdin=subprocess.PIPE)
        write = importer.stdin.write
        moment, mark, main, side = 1735725600, 0, None, None
        for index in range(120):
            moment += rng.randint(3600, 3 * 86400)
            stamp = moment - (rng.randint(5, 25) * 86400 if rng.random() < 0.12 else 0)
            mark += 1
            merge = None
            if side is None and main is not None and rng.random() < 0.2:
                branch, parent = "side", main
            elif side is not None and rng.random() < 0.45:
                branch, parent = "side", side
            else:
                branch, parent = "main", main
                if side is not None and rng.random() < 0.35:
                    merge, side = side, None
            who = rng.choice(["Ann <ann@example.com>", "Bob <bob@example.com>"])
            message = (rng.choice(["fix crash", "Add feature", "FIX typo", "refactor", "crash guard"]) + " %d\\n" % index).encode()
            write(b"commit refs/heads/%s\\nmark :%d\\n" % (branch.encode(), mark))
            write(b"author %s %d +0000\\ncommitter %s %d +0000\\n" % (who.encode(), stamp, who.encode(), stamp))
            write(b"data %d\\n%s" % (len(message), message))
            if parent is not None:
                write(b"from :%d\\n" % parent)
            if merge is not None:
                write(b"merge :%d\\n" % merge)
            write(b"M 644 inline f%d.txt\\ndata 2\\nx\\n\\n" % index)
            if branch == "main":
                main = mark
            else:
                side = mark
        importer.stdin.close()
        assert importer.wait() == 0
        subprocess.run(["git", "-C", root, "symbolic-ref", "HEAD", "refs/heads/main"], check=True)
        subprocess.run(["git", "-C", root, "reset", "-q", "--hard"], check=True)
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
