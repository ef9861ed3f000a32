import DIMSCore
import DIMSInventory
import Foundation
import DIMSTestSupport
import Testing

struct YAMLDocumentTests {
    /// A migrated metric replaces its `command` with native keys; every other line, comments included, stays.
    @Test func replacingAMetricsKeysKeepsTheRestOfTheConfig() throws {
        var document = try YAMLDocument(text: ConfigLoaderTests.original, file: "inventory/config.yaml")
        let path = ["metrics", "code_base", "python_files"]
        var metric = try #require(document[path]?.entries)
        let index = try #require(metric.firstIndex { $0.key == "command" })
        metric.replaceSubrange(index...index, with: [(key: "source", value: .string("files")), (key: "include", value: .list([.string("**/*.py")]))])
        document[path] = .map(metric)
        let expected = ConfigLoaderTests.original.replacingOccurrences(
            of: "      command: \"find . -name '*.py' -type f | wc -l\"\n",
            with: "      source: files\n      include:\n      - '**/*.py'\n")
        #expect(document.text == expected + "\n")
        let config = try ConfigLoader.parse(document.text, file: "inventory/config.yaml")
        #expect(config.spec("code_base.python_files")?.source == "files")
        #expect(config.spec("code_base.python_files")?.volatility == .stable)
    }

    @Test func settingAPathCreatesTheMapsOnTheWay() throws {
        var document = try YAMLDocument(text: "# top\nversion: '1.0.0'  # kept\n", file: "c.yaml")
        document[["metrics", "git", "commits", "source"]] = .string("git")
        #expect(document.text == "# top\nversion: '1.0.0'  # kept\nmetrics:\n  git:\n    commits:\n      source: git\n")
        document[["version"]] = nil
        #expect(document.text == "# top\nmetrics:\n  git:\n    commits:\n      source: git\n")
        #expect(document[["metrics", "git", "commits", "source"]] == .string("git"))
    }

    @Test func aWrittenDocumentReadsBackUnchanged() throws {
        let folder = TemporaryDirectory("dims-inventory")
        let path = folder.write(ConfigLoaderTests.original + "\n", to: "inventory/config.yaml")
        try YAMLDocument.read(path: path).write(to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == ConfigLoaderTests.original + "\n")
    }
}
