import DIMSTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing

/// A cloned repository runs nothing, sends nothing and reads nothing outside itself until its user trusts it.
struct TrustTests {
    /// A trust store of the test's own, and no blanket trust.
    let store = TemporaryDirectory("dims-trust")
    var untrusted: [String: String] { ["DIMS_TRUST": "", "DIMS_TRUST_STORE": store.path] }

    /// A repository pushed to a bare remote and cloned, as a user meets it.
    func clone(config: String) throws -> TestProject {
        let origin = try TestProject(config: config)
        try ProcessRunner.run("/usr/bin/git", ["-C", origin.root, "add", "-A"])
        try ProcessRunner.run("/usr/bin/git", ["-C", origin.root, "-c", "user.name=a", "-c", "user.email=a@b", "commit", "-qm", "config"])
        let clone = try TestProject()
        try FileManager.default.removeItem(atPath: clone.root)
        try ProcessRunner.run("/usr/bin/git", ["clone", "-q", origin.root, clone.root])
        return clone
    }

    /// The cloned config's command does not run; `dims trust` shows it and records it; then it runs; a change needs trust again.
    @Test func cloneRunsNoCommandUntilTrusted() throws {
        let project = try clone(config: """
            metrics:
              a:
                x: {command: "id > pwned.txt; echo 1"}
                files: {source: files, include: ["*.yaml"]}
            """)
        let refused = try project.dims("verify", environment: untrusted)
        #expect(refused.status == 6, "\(refused.stdout)\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.root + "/pwned.txt"))
        #expect(refused.stdout.contains("a.x: ERROR (Not trusted: this metric runs the command 'id > pwned.txt; echo 1'; "
                                        + "review it with 'dims trust --show' and allow it with 'dims trust' (or DIMS_TRUST=1))"), "\(refused.stdout)")
        // Native sources inside the project still measure.
        #expect(refused.stdout.contains("a.files: 1 (NEW"), "\(refused.stdout)")

        let show = try project.dims("trust", "--show", environment: untrusted)
        #expect(show.status == 6)
        #expect(show.stdout.contains("- a.x runs the command 'id > pwned.txt; echo 1'"), "\(show.stdout)")
        #expect(show.stdout.contains("Not trusted"))
        #expect((try FileManager.default.contentsOfDirectory(atPath: store.path)).isEmpty)

        let trust = try project.dims("trust", environment: untrusted)
        #expect(trust.status == 0, "\(trust.stderr)")
        #expect(trust.stdout.contains("Trusted: recorded in \(store.path)/"), "\(trust.stdout)")
        let trusted = try project.dims("verify", environment: untrusted)
        #expect(trusted.status == 0, "\(trusted.stdout)")
        #expect(FileManager.default.fileExists(atPath: project.root + "/pwned.txt"))

        project.write("metrics:\n  a:\n    x: {command: \"echo 2\"}\n", to: "inventory/config.yaml")
        #expect(try project.dims("verify", environment: untrusted).status == 6)
        #expect(try project.dims("verify", "--trust", environment: untrusted).status == 0)
        #expect(try project.dims("verify", environment: ["DIMS_TRUST": "1", "DIMS_TRUST_STORE": store.path]).status == 0)

        #expect(try project.dims("trust", "--revoke", environment: untrusted).status == 0)
        #expect(try project.dims("trust", "--show", environment: untrusted).status == 6)
    }

    /// Paths outside the project, directly, through `..` or through a symbolic link, are read only when trusted.
    @Test func outsidePathsNeedTrust() throws {
        let project = try TestProject(config: """
            metrics:
              a:
                shadow: {source: lines, paths: /etc/passwd}
                up: {source: files, paths: ../../../../etc}
                linked: {source: files, paths: etc}
                followed: {source: files, paths: data, follow_symlinks: true}
                inside: {source: files, paths: data}
            """)
        try FileManager.default.createSymbolicLink(atPath: project.root + "/etc", withDestinationPath: "/etc")
        project.write("x\n", to: "data/file.txt")
        try FileManager.default.createSymbolicLink(atPath: project.root + "/data/root", withDestinationPath: "/")
        let result = try project.dims("verify", environment: untrusted)
        #expect(result.status == 6, "\(result.stdout)")
        #expect(result.stdout.contains("a.shadow: ERROR (Not trusted: this metric reads '/etc/passwd', outside the project"), "\(result.stdout)")
        #expect(result.stdout.contains("a.up: ERROR (Not trusted: this metric reads '../../../../etc', outside the project"), "\(result.stdout)")
        #expect(result.stdout.contains("a.linked: ERROR (Not trusted: this metric reads 'etc', outside the project"), "\(result.stdout)")
        #expect(result.stdout.contains("a.followed: ERROR (Not trusted: this metric reads 'data/root', outside the project"), "\(result.stdout)")
        #expect(result.stdout.contains("a.inside: 1 (NEW"), "\(result.stdout)")

        let show = try project.dims("trust", "--show", environment: untrusted)
        #expect(show.stdout.contains("- a.shadow reads '/etc/passwd', outside the project"), "\(show.stdout)")
        #expect(!show.stdout.contains("a.followed"), "a link met during a walk is refused there, not listed")
    }

    /// A walk that follows links through a trillion paths stops at its `timeout` with an error instead of walking on.
    @Test func walkStopsAtItsTimeout() throws {
        let project = try TestProject(config: """
            metrics:
              a:
                everything: {source: files, paths: data/L0, follow_symlinks: true, timeout: 1}
            """)
        // Each level links twice to the next: no cycle, but twice as many paths per level.
        for level in 0..<40 {
            project.write("x\n", to: "data/L\(level)/file.txt")
            for name in ["a", "b"] {
                try FileManager.default.createSymbolicLink(atPath: project.root + "/data/L\(level)/\(name)", withDestinationPath: "../L\(level + 1)")
            }
        }
        let started = Date()
        let result = try project.dims("verify")
        #expect(Date().timeIntervalSince(started) < 60)
        #expect(result.status == 2, "\(result.stdout)")
        #expect(result.stdout.contains("a.everything: ERROR (The walk took longer than 1 s and was stopped)"), "\(result.stdout)")
    }

    /// An `endpoint` in the config gets no request (and so no access key id) until the project is trusted.
    @Test func endpointGetsNothingUntilTrusted() throws {
        let listener = try Listener()
        let project = try TestProject(config: """
            s3: {max_attempts: 1, stall_timeout_seconds: 1}
            metrics:
              s3_storage:
                objects: {source: s3, bucket: bucket-b, endpoint: "http://127.0.0.1:\(listener.port)"}
            """)
        var environment = untrusted
        environment["AWS_ACCESS_KEY_ID"] = "AKIAEXAMPLEKEY12345"
        environment["AWS_SECRET_ACCESS_KEY"] = "secret/example/key/0123456789"
        environment["AWS_REGION"] = "us-east-1"
        let refused = try project.dims("verify", environment: environment)
        #expect(refused.status == 6, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stdout.contains("sends your S3 credentials to the endpoint 'http://127.0.0.1:\(listener.port)'"), "\(refused.stdout)")
        #expect(!listener.hasConnection)

        environment["DIMS_TRUST"] = "1"
        let trusted = try project.dims("verify", environment: environment)
        #expect(trusted.status == 2, "\(trusted.stdout)")
        #expect(listener.hasConnection, "the test can see a request when one is sent")
    }

    /// A command printing a credential from the environment stores nothing: the value is an ERROR naming the variable.
    @Test func credentialValuesAreNeverStored() throws {
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        let project = try TestProject(config: """
            metrics:
              a:
                leak: {command: "echo $AWS_SECRET_ACCESS_KEY", parse_type: string}
                stderr: {command: "echo token is $AWS_SECRET_ACCESS_KEY >&2; exit 3"}
            """)
        let result = try project.dims("update", environment: ["AWS_SECRET_ACCESS_KEY": secret])
        #expect(result.status == 2)
        #expect(result.stdout.contains("a.leak: ERROR (The value contains the credential in $AWS_SECRET_ACCESS_KEY; dims never stores credentials)"),
                "\(result.stdout)")
        #expect(result.stdout.contains("token is [$AWS_SECRET_ACCESS_KEY]"), "\(result.stdout)")
        #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
        for file in ["inventory/metrics.yaml", "inventory/.dims/data.mdb"] {
            let bytes = FileManager.default.contents(atPath: project.root + "/" + file) ?? Data()
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds the secret")
        }
    }

    /// Text values longer than `max_length`, 4 KiB by default, are errors; a metric may allow more.
    @Test func valuesHaveAMaximumLength() throws {
        let project = try TestProject(config: """
            metrics:
              a:
                long: {command: "head -c 100000 /dev/zero | tr '\\\\0' a", parse_type: string}
                allowed: {command: "head -c 5000 /dev/zero | tr '\\\\0' a", parse_type: string, max_length: 8000}
            """)
        let result = try project.dims("update")
        #expect(result.status == 2)
        #expect(result.stdout.contains("a.long: ERROR (The value is 100000 bytes long, more than max_length 4096)"), "\(result.stdout)")
        #expect(result.stdout.contains("a.allowed: 'aaaa"), "\(result.stdout)")
        let metrics = project.read("inventory/metrics.yaml") ?? ""
        #expect(metrics.utf8.count < 20_000)
    }

    /// Escape sequences in values are shown, not obeyed; links and images in descriptions are not rendered as such.
    @Test func outputEscapesControlCharactersAndMarkup() throws {
        let project = try TestProject(config: """
            metrics:
              a:
                title: {command: "printf '\\\\033]0;PWNED\\\\007\\\\033[2J'", parse_type: string, description: "![](http://evil.example/x.png) [x](javascript:alert(1))"}
            """)
        let result = try project.dims("update")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(!result.stdout.contains("\u{1B}") && !result.stdout.contains("\u{07}"))
        #expect(result.stdout.contains(#"'\u{1B}]0;PWNED\u{7}\u{1B}[2J'"#), "\(result.stdout)")
        let verify = try project.dims("verify")
        #expect(!verify.stdout.contains("\u{1B}"))
        #expect(try project.dims("generate").status == 0)
        let markdown = project.read("inventory/outputs/metrics_report.md") ?? ""
        #expect(!markdown.contains("![](") && !markdown.contains("[x](javascript:"), "\(markdown)")
        #expect(markdown.contains(#"!\[\](http://evil.example/x.png)"#), "\(markdown)")
        #expect(!markdown.contains("\u{1B}"))
        let html = project.read("inventory/outputs/metrics_report.html") ?? ""
        #expect(!html.contains("\u{1B}") && !html.contains("<img src=\"http://evil"))
    }
}

/// A TCP listener on 127.0.0.1 that only notes whether anyone connected.
final class Listener {
    let socket: Int32
    let port: Int

    init() throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.socket = socket
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(socket, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(socket) }

    /// Whether a connection is waiting to be accepted.
    var hasConnection: Bool {
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }
}
