import DIMSTestSupport
import Foundation
import Testing

/// Hostile input never crashes dims: each case is a clear message and a documented exit status.
struct HostileInputTests {
    /// A project whose only metric is `metric` (the YAML of one flow map) in category `a`.
    static func project(metric: String, name: String = "x") throws -> TestProject {
        try TestProject(config: "metrics:\n  a:\n    \(name): \(metric)\n")
    }

    /// A signal ends a process with status 128 + n; none of these may end that way.
    static func expectNoCrash(_ result: ProcessResult) {
        #expect(result.status < 128, "dims was killed: \(result.stderr)")
    }

    /// Config values that used to crash or pass silently are config errors naming the line and key.
    @Test(arguments: [
        (#"{command: "echo 1", timeout: .nan}"#, "'metrics.a.x.timeout' must be a number of seconds"),
        (#"{command: "echo 1", timeout: "abc"}"#, "'metrics.a.x.timeout' must be a number of seconds"),
        (#"{command: "echo 1", timeout: -1}"#, "'metrics.a.x.timeout' must be a number of seconds"),
        (#"{source: files, paths: {a: b}}"#, "'metrics.a.x.paths' must be a list of names, not a map"),
        (#"{source: files, include: [{a: b}]}"#, "'metrics.a.x.include' must be a list of names, but item 1 is a map"),
        (#"{source: files, hidden: maybe}"#, "'metrics.a.x.hidden' must be true or false"),
        (#"{source: files, sets: [5]}"#, "'metrics.a.x.sets' must be a list of maps, but item 1 is '5'"),
        (#"{command: [echo, 1]}"#, "'metrics.a.x.command' must be text, not a list"),
        (#"{command: "echo 1", max_length: 0}"#, "'metrics.a.x.max_length' must be a whole number of at least 1"),
    ])
    func wrongOptionTypesAreConfigErrors(metric: String, message: String) throws {
        let project = try Self.project(metric: metric)
        let result = try project.dims("verify")
        #expect(result.status == 2)
        #expect(result.stderr.contains("inventory/config.yaml:3: \(message)"), "\(result.stderr)")
    }

    /// `paths: 5` is the path `5`, not the whole project.
    @Test func numericPathIsThatPath() throws {
        let project = try Self.project(metric: "{source: files, paths: 5}")
        let result = try project.dims("verify")
        #expect(result.status == 2)
        #expect(result.stdout.contains("a.x: ERROR"), "\(result.stdout)")
        #expect(result.stdout.contains("'5'"), "\(result.stdout)")
    }

    /// A formula's number too large for an integer is an ERROR; deep nesting is refused before it overflows the stack.
    @Test func formulaLimits() throws {
        let huge = try Self.project(metric: #"{source: formula, formula: "100000000000000000000"}"#)
        let result = try huge.dims("verify")
        #expect(result.status == 2)
        #expect(result.stdout.contains("a.x: ERROR (Formula of 'a.x' gives 1e+20, too large for an integer)"), "\(result.stdout)")

        let nested = String(repeating: "(", count: 3_000) + "1" + String(repeating: ")", count: 3_000)
        let deep = try Self.project(metric: "{source: formula, formula: \"\(nested)\"}")
        let deepResult = try deep.dims("verify")
        #expect(deepResult.status == 2)
        #expect(deepResult.stdout.contains("nests more than 100 levels deep"), "\(deepResult.stdout)")

        let long = String(repeating: "(", count: 30_000) + "1" + String(repeating: ")", count: 30_000)
        let longResult = try Self.project(metric: "{source: formula, formula: \"\(long)\"}").dims("verify")
        #expect(longResult.status == 2)
        #expect(longResult.stdout.contains("more than 10000"), "\(longResult.stdout)")
    }

    /// Deep nesting, an alias bomb and an oversized file are refused before they are built in memory.
    @Test func yamlLimits() throws {
        let brackets = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
        let nested = try Self.project(metric: "{command: \"echo 1\", y: \(brackets)}")
        let nestedResult = try nested.dims("verify")
        #expect(nestedResult.status == 2)
        #expect(nestedResult.stderr.contains("inventory/config.yaml:3: Maps and lists nest more than 64 levels deep"), "\(nestedResult.stderr)")

        var bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        for level in 1..<10 {
            bomb.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]")
        }
        let aliases = try TestProject(config: bomb.joined(separator: "\n") + "\nmetrics: {}\n")
        let bombResult = try aliases.dims("verify")
        #expect(bombResult.status == 2)
        #expect(bombResult.stderr.contains("expands to more than 200000 values"), "\(bombResult.stderr)")

        let big = try TestProject(config: "# " + String(repeating: "x", count: 1_100_000) + "\nmetrics: {}\n")
        let bigResult = try big.dims("verify")
        #expect(bigResult.status == 2)
        #expect(bigResult.stderr.contains("larger than 1 MiB"), "\(bigResult.stderr)")

        let metrics = try TestProject()
        try metrics.dims("verify", "--update")
        let document = metrics.read("inventory/metrics.yaml") ?? ""
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        metrics.write("extra: \(deep)\n" + document, to: "inventory/metrics.yaml")
        let metricsResult = try metrics.dims("import")
        Self.expectNoCrash(metricsResult)
        #expect(metricsResult.status == 2, "\(metricsResult.stderr)")
    }

    /// Times out of range are refused naming the option, and an invalid DIMS_NOW is not ignored.
    @Test func timesOutOfRange() throws {
        let project = try TestProject()
        try project.dims("verify", "--update")
        let cases: [([String], String)] = [
            (["diff", "--since", "1000000000d"], "Invalid --since '1000000000d'"),
            (["audit", "code_base.file_count", "--since", "1000000000d"], "Invalid --since '1000000000d'"),
            (["history", "code_base.file_count", "--days", "99999999999"], "Invalid --days 99999999999"),
            (["history", "code_base.file_count", "--since", "99999999999y"], "Invalid --since '99999999999y'"),
            (["diff", "--since", "9223372036854775807h"], "Invalid --since"),
        ]
        for (arguments, message) in cases {
            let result = try ProcessRunner.run(ProcessRunner.binary("dims"), arguments, in: project.root, environment: ["DIMS_NOW": project.now])
            Self.expectNoCrash(result)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        let badNow = try project.dims("verify", environment: ["DIMS_NOW": "yesterday"])
        #expect(badNow.status == 2)
        #expect(badNow.stderr.contains("Invalid DIMS_NOW 'yesterday'"), "\(badNow.stderr)")
    }

    /// A command that closes its output and keeps running is killed at its deadline with its process group.
    @Test func timeoutHoldsWhenOutputIsClosed() throws {
        let project = try Self.project(metric: #"{command: "exec >&- 2>&-; sleep 60 & sleep 60", timeout: 1}"#)
        let started = Date()
        let result = try project.dims("verify")
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(result.status == 2)
        #expect(result.stdout.contains("a.x: ERROR (Command timed out after 1 s)"), "\(result.stdout)")
    }
}
