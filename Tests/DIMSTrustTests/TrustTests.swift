import DIMSCore
import DIMSTestSupport
import DIMSTrust
import Foundation
import Testing

struct SHA256Tests {
    /// The digests of FIPS 180-4's examples.
    @Test func knownDigests() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}

struct ConfinementTests {
    /// `..`, absolute paths and symbolic links that lead out are outside; links that stay in are inside.
    @Test func resolvesDotsAndLinks() throws {
        let dir = TemporaryDirectory("dims-confine")
        dir.write("x", to: "a/b.txt")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/out", withDestinationPath: "/etc")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/in", withDestinationPath: "a")
        let confinement = Confinement(root: dir.path)
        #expect(confinement.contains("."))
        #expect(confinement.contains("a/b.txt"))
        #expect(confinement.contains("in/b.txt"))
        #expect(confinement.contains("a/../a/not-yet-there"))
        #expect(!confinement.contains("../"))
        #expect(!confinement.contains("a/../../x"))
        #expect(!confinement.contains("/etc/passwd"))
        #expect(!confinement.contains("out"))
        #expect(!confinement.contains("out/passwd"))
        #expect(!confinement.contains("out/not-there/../../x"))
        #expect(confinement.contains("in/not-there/deeper/../.."))
        #expect(Confinement.resolve(dir.path + "/in/not-there/deeper") == Confinement.resolve(dir.path + "/a") + "/not-there/deeper")
    }
}

struct CredentialValuesTests {
    /// Variables named like credentials count, short values and ordinary variables do not; redaction names the variable.
    @Test func findsAndRedactsCredentials() {
        let credentials = CredentialValues(environment: [
            "AWS_SECRET_ACCESS_KEY": "abcdefgh12345678", "GITHUB_TOKEN": "ghp_0123456789", "DB_PASSWORD": "short",
            "HOME": "/home/someone-long", "my_api_key_2": "0123456789abcdef",
        ])
        #expect(credentials.values.map(\.name).contains("my_api_key_2"))
        #expect(credentials.found(in: "key=abcdefgh12345678\n") == "AWS_SECRET_ACCESS_KEY")
        #expect(credentials.found(in: "ghp_0123456789") == "GITHUB_TOKEN")
        #expect(credentials.found(in: "short /home/someone-long") == nil)
        #expect(credentials.redacted("a ghp_0123456789 b") == "a [$GITHUB_TOKEN] b")
    }
}

struct TrustScopeTests {
    /// Commands, endpoints and outside paths are in the scope; its fingerprint changes with any of them.
    @Test func scopeAndFingerprint() {
        let dir = TemporaryDirectory("dims-scope")
        var config = InventoryConfig(metrics: [
            MetricSpec(path: "a.cmd", source: .command, options: ["command": .string("echo 1")]),
            MetricSpec(path: "a.in", source: .files, options: ["paths": .string("docs")]),
            MetricSpec(path: "a.out", source: .lines, options: ["paths": .list([.string("/etc/passwd")])]),
            MetricSpec(path: "a.s3", source: .s3, options: ["endpoint": .string("http://evil.example")]),
        ])
        let scope = TrustScope(config: config, root: dir.path, home: nil)
        #expect(scope.items.map(\.kind) == [.command, .outsidePath, .endpoint])
        #expect(scope.needs(config.metrics[1]) == nil)
        config.metrics[0].options["command"] = .string("echo 2")
        #expect(TrustScope(config: config, root: dir.path, home: nil).fingerprint != scope.fingerprint)
        #expect(TrustScope(config: InventoryConfig(), root: dir.path, home: nil).isEmpty)
    }

    /// The team log's server is in the scope when the config writes its host; a `${VAR}` host, or a team log that
    /// is off, needs no trust.
    @Test func teamLogServerWrittenInTheConfigNeedsTrust() {
        let dir = TemporaryDirectory("dims-scope")
        func config(host: String, enabled: Bool = true) -> InventoryConfig {
            var config = InventoryConfig()
            config.sections["database"] = .map([("enabled", .boolean(enabled)), ("connection", .map([
                ("host", .string(host)), ("port", .integer(5433)), ("database", .string("team")), ("password", .string("${PW}")),
            ]))])
            return config
        }
        let scope = TrustScope(config: config(host: "db.evil.example"), root: dir.path, home: nil)
        #expect(scope.items.map(\.kind) == [.database])
        #expect(scope.items.first?.summary == "sends your database login to the team log at 'db.evil.example:5433/team'")
        #expect(TrustScope(config: config(host: "${DB_HOST}"), root: dir.path, home: nil).isEmpty)
        #expect(TrustScope(config: config(host: "db.evil.example", enabled: false), root: dir.path, home: nil).isEmpty)
        #expect(TrustScope(config: config(host: "db.other.example"), root: dir.path, home: nil).fingerprint != scope.fingerprint)
    }

    /// The store records a scope under the project's root and trusts only that fingerprint.
    @Test func storeRecordsTheFingerprint() throws {
        let dir = TemporaryDirectory("dims-scope")
        let storeDir = TemporaryDirectory("dims-store")
        let config = InventoryConfig(metrics: [MetricSpec(path: "a.cmd", source: .command, options: ["command": .string("echo 1")])])
        let scope = TrustScope(config: config, root: dir.path, home: nil)
        let store = TrustStore(environment: ["DIMS_TRUST_STORE": storeDir.path])
        #expect(!store.trusts(scope, root: dir.path))
        #expect(!TrustDecision.trusted(scope, root: dir.path, environment: ["DIMS_TRUST_STORE": storeDir.path], flag: false))
        try store.record(scope, root: dir.path, at: "2025-10-01T09:00:00Z").write(toFile: store.file(for: dir.path), atomically: true, encoding: .utf8)
        #expect(store.trusts(scope, root: dir.path))
        #expect(TrustStore(environment: ["HOME": "/home/u"]).directory == "/home/u/.local/share/dims/trust")
        #expect(TrustStore(environment: ["HOME": "/home/u", "XDG_DATA_HOME": "/data"]).directory == "/data/dims/trust")
    }
}
