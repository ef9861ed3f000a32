public import DIMSCore
import DIMSProbes
import DIMSTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fresh temp folder for one test (`TemporaryDirectory`), with helpers to fill it and to run the shell tools dims replaces.
final class Fixture: Sendable {
    private let directory = TemporaryDirectory("dims-probes")
    var root: String { directory.path }

    init() throws {}

    /// Writes a file (making its folders) under the root.
    func write(_ path: String, _ text: String) throws {
        try write(path, Data(text.utf8))
    }

    func write(_ path: String, _ data: Data) throws {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func link(_ path: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: root + "/" + path, withDestinationPath: target)
    }

    /// Runs `command` with `/bin/sh` in the root and returns its trimmed standard output.
    @discardableResult
    func sh(_ command: String) throws -> String {
        try ProcessRunner.run("/bin/sh", ["-c", command], in: root).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The shell's answer as an integer value.
    func shValue(_ command: String) throws -> ProbeResult {
        let text = try sh(command)
        guard let number = Int64(text) else { return .failure("shell printed '\(text)'") }
        return .value(.integer(number))
    }

    var context: ProbeContext {
        ProbeContext(root: root, environment: ["HOME": root, "PATH": "/usr/local/bin:/usr/bin:/bin"], clock: SystemClock(environment: [:]))
    }

    /// Measures one metric with `source`.
    func measure(_ spec: MetricSpec, with source: any MetricSource = FileSystemSource(), clock: (any Clock)? = nil) async -> ProbeResult? {
        var context = self.context
        if let clock { context.clock = clock }
        return await source.measure([spec], context: context)[spec.path]
    }

    /// Builds a tree with nested and hidden folders, links (one a loop), unicode and spaces in names,
    /// empty files, a file without a final newline and a binary file.
    func buildMixedTree() throws {
        for folder in 0..<4 {
            for file in 0..<5 {
                let lines = (0..<(folder * 3 + file)).map { "line \($0) of \(folder)/\(file)" }.joined(separator: "\n")
                try write("src/pkg\(folder)/deep/m\(file).py", lines + "\n")
                try write("src/pkg\(folder)/notes \(file).md", "### Title \(file)\ntext\n### Part\nend")
            }
        }
        try write("src/tests/test_one.py", "import x\nassert 1\n")
        try write("src/pkg0/test_helpers.py", "def f():\n  pass\n")
        try write("docs/README.md", "# Read me\n### One\n### Two\n")
        try write("docs/café ünïcode.md", "### Ça va\n")
        try write("docs/with space/file name.txt", "a\nb\n")
        try write("docs/empty.md", "")
        try write("docs/no-newline.txt", "one\ntwo")
        try write("bin/blob.bin", Data([0, 1, 2, 10, 255, 0, 35, 35, 35, 10, 0, 7]))
        try write(".hidden/secret.py", "x = 1\n")
        try write("src/.cache/c.py", "y = 2\nz = 3\n")
        try write(".env", "KEY=1\n")
        try link("src/link-to-readme.md", to: "../docs/README.md")
        try link("src/link-to-docs", to: "../docs")
        try link("src/pkg1/loop", to: "..")
        try link("src/broken.py", to: "nowhere.py")
    }
}

extension MetricSpec {
    /// A metric for tests: `source` with `options`.
    static func test(_ source: SourceKind, _ options: [String: ConfigValue], parse: ParseType = .integer, path: MetricPath = "test.metric") -> MetricSpec {
        MetricSpec(path: path, source: source, options: options, parseType: parse)
    }
}

extension ConfigValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: ConfigValue...) { self = .list(elements) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
}
