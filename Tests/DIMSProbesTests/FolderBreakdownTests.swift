import DIMSCore
import DIMSProbes
import Foundation
import Testing

/// The file walk's breakdowns by top-level folder: each part is what the shell counts in that folder, and the parts
/// add up to the metric's value.
struct FolderBreakdownTests {
    /// Measures `specs` with a breakdown sink, returning each metric's value and breakdown.
    func measure(_ tree: Fixture, _ specs: [MetricSpec]) async -> [MetricPath: (value: Double?, breakdown: Breakdown?)] {
        var context = tree.context
        let sink = BreakdownSink()
        context.breakdowns = sink
        let results = await FileSystemSource().measure(specs, context: context)
        return Dictionary(uniqueKeysWithValues: specs.map { spec in
            var value: Double?
            if case .value(let v)? = results[spec.path] { value = v.number }
            return (spec.path, (value, sink.breakdown(of: spec.path)))
        })
    }

    @Test func eachTopLevelFolderHoldsWhatFindCountsThere() async throws {
        let tree = try Fixture()
        try tree.buildMixedTree()
        let specs: [MetricSpec] = [
            .test(.files, ["hidden": true], path: "t.files"),
            .test(.lines, [:], path: "t.lines"),
            .test(.bytes, ["unit": "KB"], parse: .float, path: "t.kb"),
            .test(.grep, ["pattern": "^###"], path: "t.headings"),
        ]
        let measured = await measure(tree, specs)
        let files = try #require(measured["t.files"]?.breakdown)
        for folder in ["src", "docs", "bin", ".hidden"] {
            #expect(files.value(of: folder + "/") == Double(try tree.sh("find \(folder) -type f | wc -l")), "\(folder)")
        }
        #expect(files.value(of: "(files directly in .)") == Double(try tree.sh("find . -maxdepth 1 -type f | wc -l")))
        let lines = try #require(measured["t.lines"]?.breakdown)
        #expect(lines.value(of: "docs/") == Double(try tree.sh("find docs -type f -not -path '*/.*' -exec cat {} + | wc -l")))
        #expect(lines.value(of: ".hidden/") == nil, "hidden folders are not walked by default")
        let kilobytes = try #require(measured["t.kb"]?.breakdown)
        #expect(kilobytes.value(of: "src/") == Double(try tree.sh("find src -type f -not -path '*/.*' -printf '%s\\n' | awk '{s+=$1} END {print s}'"))! / 1024)
        let headings = try #require(measured["t.headings"]?.breakdown)
        #expect(headings.value(of: "docs/") == Double(try tree.sh("find docs -type f -exec grep -h '^###' {} + | wc -l")))
        for spec in specs {
            let (value, breakdown) = try #require(measured[spec.path])
            #expect(abs((breakdown?.total ?? .nan) - (value ?? .nan)) < 0.01, "\(spec.path): parts add up to the value")
            #expect(breakdown?.rest == 0)
        }
    }

    /// Below a metric's path the parts are its sub-folders, named by their shown path; a path that is a file is its own part.
    @Test func partsAreTheFoldersBelowTheMetricsPaths() async throws {
        let tree = try Fixture()
        try tree.buildMixedTree()
        let spec = MetricSpec.test(.files, ["paths": ["src", "docs/README.md"], "include": "*.py"], path: "t.py")
        let breakdown = try #require(await measure(tree, [spec])["t.py"]?.breakdown)
        #expect(breakdown.value(of: "src/pkg0/") == Double(try tree.sh("find src/pkg0 -name '*.py' -not -path '*/.*' | wc -l")))
        #expect(breakdown.value(of: "src/tests/") == 1)
        #expect(breakdown.parts.allSatisfy { $0.name.hasPrefix("src/") || $0.name == "(files directly in src)" }, "\(breakdown.parts)")
        let readme = MetricSpec.test(.lines, ["paths": ["src/pkg1", "docs/README.md"]], path: "t.lines")
        let lines = try #require(await measure(tree, [readme])["t.lines"]?.breakdown)
        #expect(lines.value(of: "docs/README.md") == 3)
        #expect(lines.value(of: "src/pkg1/deep/") == Double(try tree.sh("cat src/pkg1/deep/* | wc -l")))
    }

    /// An age has no breakdown (it does not add up over files), and a run that wants none records none.
    @Test func agesAndRunsWithoutASinkRecordNone() async throws {
        let tree = try Fixture()
        try tree.buildMixedTree()
        let measured = await measure(tree, [.test(.age, ["paths": "docs"], parse: .float, path: "t.age")])
        #expect(measured["t.age"]?.value != nil)
        #expect(measured["t.age"]?.breakdown == nil)
        let plain = await tree.measure(.test(.files, [:]))
        #expect(plain != nil)
    }
}
