import DIMSTestSupport
import Foundation
import Testing

/// What a run loads and starts: libcurl only when a request needs it, git only when a ref moved.
struct StartupTests {
    /// The dynamic loader lists every library it maps under `LD_DEBUG=libs`.
    @Test func aRunWithoutNetworkMetricsLoadsNoLibcurl() throws {
        let project = try TestProject()
        let result = try project.dims("verify", "--update", environment: ["LD_DEBUG": "libs"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stderr.contains("calling init"), "LD_DEBUG printed nothing: \(result.stderr.prefix(300))")
        #expect(!result.stderr.contains("libcurl"))
    }

    /// Without libcurl an S3 metric is an ERROR that says what is missing; the local metrics are still measured.
    @Test func aMissingLibcurlIsAClearError() throws {
        let project = try TestProject(config: """
            version: "1.0.0"
            s3: {endpoint: "http://127.0.0.1:9", region: us-east-1, max_attempts: 1}
            metrics:
              s3_storage:
                total_objects: {source: s3, bucket: e2e-bucket, measure: count}
              code_base:
                file_count: {command: "cat values/count.txt"}
            """)
        let result = try project.dims("verify", environment: [
            "DIMS_LIBCURL": "/no-libcurl-here/libcurl.so.4", "AWS_ACCESS_KEY_ID": "AKIDE2E", "AWS_SECRET_ACCESS_KEY": "e2e-secret",
            "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
        ])
        #expect(result.status == 2)
        #expect(result.stdout.contains("s3_storage.total_objects: ERROR"), "\(result.stdout)")
        #expect(result.stdout.contains("libcurl is needed for network requests but cannot be loaded ('/no-libcurl-here/libcurl.so.4'"), "\(result.stdout)")
        #expect(result.stdout.contains("code_base.file_count: 100"), "\(result.stdout)")
    }

    /// `verify`, `update` and `info` with plain options skip argument-parser; each answers as it does through the parser.
    /// (A global option given twice is left to argument-parser, which takes the last.)
    @Test func theFastPathAnswersAsTheParserDoes() throws {
        let project = try TestProject()
        #expect(try project.dims("verify", "--update").status == 0)
        let forms: [[String]] = [
            ["verify", "--quiet"], ["verify", "--json", "--no-cache", "--fail-on=Major", "--category", "code_base"],
            ["verify", "--metric", "code_base.no_such_metric"], ["verify", "--fail-on", "critical", "--trust", "--quiet"],
            ["update", "--json", "--metric=code_base.file_count"], ["info"], ["info", "--json"],
        ]
        for form in forms {
            let fast = try project.dims(form + ["--root", project.root])
            let parsed = try project.dims(form + ["--root", "/nonexistent", "--root", project.root])
            #expect(fast.status == parsed.status, "\(form)")
            #expect(fast.stderr == parsed.stderr, "\(form)")
            let stable = { (text: String) in text.split(separator: "\n").filter { !$0.contains("duration") && !$0.contains("generated") && !$0.contains("store_bytes") && !$0.contains("LMDB,") } }
            #expect(stable(fast.stdout) == stable(parsed.stdout), "\(form)")
        }
    }

    /// The git metric's commit times are a cache entry in the log: written when counted, read while no ref moves.
    @Test func theGitCacheIsAnEventInTheLog() throws {
        let project = try TestProject(config: """
            version: "1.0.0"
            cache: {enabled: true, default_ttl_hours: 24}
            metrics:
              git:
                commits: {source: git, all: true}
            """)
        for message in ["one", "two"] {
            try ProcessRunner.run("/usr/bin/git", ["-C", project.root, "-c", "user.email=t@example.com", "-c", "user.name=T",
                                                   "commit", "-q", "--allow-empty", "-m", message])
        }
        let first = try project.dims("verify", "--update", "--json")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("\"value\": 2,"), "\(first.stdout)")
        let info = try project.dims("cache", "info", "--json")
        #expect(info.stdout.contains("\"total\": 1\n"), "\(info.stdout)")
        let audit = try project.dims("log", "stats", "--json")
        #expect(audit.stdout.contains("cache_written"), "\(audit.stdout)")

        let second = try project.dims("verify")
        #expect(second.status == 0, "\(second.stdout)")
        #expect(second.stdout.contains("git.commits: 2 (OK)"), "\(second.stdout)")

        // A commit moves the ref forward: the entry is brought forward and written again, as an event.
        try ProcessRunner.run("/usr/bin/git", ["-C", project.root, "-c", "user.email=t@example.com", "-c", "user.name=T",
                                               "commit", "-q", "--allow-empty", "-m", "three"])
        let third = try project.dims("verify", "--update", "--json")
        #expect(third.stdout.contains("\"value\": 3,"), "\(third.stdout)")
        let stats = try project.dims("log", "stats", "--json")
        #expect(stats.stdout.contains("\"cache_written\": 2"), "\(stats.stdout)")
    }
}
