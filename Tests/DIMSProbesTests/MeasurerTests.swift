import DIMSCore
import DIMSProbes
import Foundation
import Testing

struct MeasurerTests {
    let measurer = Measurer(sources: Measurer.localSources)

    @Test func formulasUseOtherMetricsOfTheRunByPathOrUniqueName() async throws {
        let tree = try Fixture()
        try tree.write("a/x.txt", "1\n2\n3\n4\n")
        try tree.write("a/y.txt", "1\n")
        let specs: [MetricSpec] = [
            .test(.formula, ["formula": "storage.size_gb * 0.023 + 29"], parse: .float, path: "cost.monthly"),
            .test(.command, ["command": "echo 100"], parse: .float, path: "storage.size_gb"),
            .test(.lines, ["paths": "a/y.txt"], path: "code.small"),
            .test(.lines, ["paths": "a/x.txt"], path: "code.large"),
            .test(.formula, ["formula": "small / large * 100"], parse: .float, path: "code.ratio"),
            .test(.formula, ["formula": "-(code.ratio - 5) * 2"], path: "code.derived"),
        ]
        let results = await measurer.measure(specs, context: tree.context)
        #expect(results["cost.monthly"] == .value(.float(31.3)))
        #expect(results["code.ratio"] == .value(.float(25)))
        #expect(results["code.derived"] == .value(.integer(-40)))
    }

    /// A value the run already has (a cached S3 total) is an input by its unique name, and is not measured again.
    @Test func formulasUseKnownValuesOfTheRunAsInputs() async throws {
        let cached = MetricSpec.test(.command, ["command": "exit 1"], parse: .float, path: "storage.size_gb")
        let specs: [MetricSpec] = [.test(.formula, ["formula": "size_gb * 2"], parse: .float, path: "cost.monthly")]
        let results = await measurer.measure(specs, known: [cached: .float(50)], context: try Fixture().context)
        #expect(results["cost.monthly"] == .value(.float(100)))
        #expect(results["storage.size_gb"] == .value(.float(50)))
    }

    @Test func aFormulaCycleIsAConfigError() async throws {
        let specs: [MetricSpec] = [
            .test(.formula, ["formula": "b + 1"], path: "x.a"),
            .test(.formula, ["formula": "x.a * 2"], path: "x.b"),
        ]
        let error = #expect(throws: ProbeError.self) { try Measurer.validateFormulas(specs) }
        #expect(error?.code == .formulaCycle)
        let results = await measurer.measure(specs, context: try Fixture().context)
        guard case .failure(let reason)? = results["x.a"] else { Issue.record("expected a failure"); return }
        #expect(reason.contains("depends on itself"))
    }

    @Test func anUnknownOrAmbiguousNameIsAConfigError() throws {
        let unknown = #expect(throws: ProbeError.self) {
            try Measurer.validateFormulas([.test(.formula, ["formula": "nothing + 1"], path: "x.a")])
        }
        #expect(unknown?.message == "Formula of 'x.a' uses unknown metric 'nothing'")
        let ambiguous = #expect(throws: ProbeError.self) {
            try Measurer.validateFormulas([
                .test(.formula, ["formula": "n * 2"], path: "x.a"),
                .test(.files, [:], path: "y.n"), .test(.files, [:], path: "z.n"),
            ])
        }
        #expect(ambiguous?.code == .unknownName)
        let unreadable = #expect(throws: ProbeError.self) {
            try Measurer.validateFormulas([.test(.formula, ["formula": "2 * (3 +"], path: "x.a")])
        }
        #expect(unreadable?.code == .invalidFormula)
    }

    @Test func aFormulaWhoseInputFailedFailsNamingTheInput() async throws {
        let tree = try Fixture()
        let specs: [MetricSpec] = [
            .test(.files, ["paths": "missing"], path: "x.count"),
            .test(.formula, ["formula": "count + 1"], path: "x.plus"),
        ]
        let results = await measurer.measure(specs, context: tree.context)
        #expect(results["x.plus"] == .failure("Formula of 'x.plus' cannot be evaluated: input 'x.count' failed: No such file or folder 'missing'"))
    }

    @Test func aSourceNoneOfTheRunsSourcesMeasuresFailsNamingIt() async throws {
        let results = await Measurer(sources: [CommandSource()]).measure([.test(.git, [:], path: "x.y")], context: try Fixture().context)
        #expect(results["x.y"] == .failure("Metric 'x.y' has source 'git', which this run does not measure"))
    }

    @Test func everySourceKindOfOneRunGetsItsResult() async throws {
        let tree = try Fixture()
        try tree.buildMixedTree()
        try tree.sh("git init -q . && git -c user.email=t@e -c user.name=T commit -q --allow-empty -m one")
        let specs: [MetricSpec] = [
            .test(.files, ["include": "*.py"], path: "a.files"), .test(.lines, ["paths": "docs"], path: "a.lines"),
            .test(.bytes, ["paths": "docs"], path: "a.bytes"), .test(.grep, ["paths": "docs", "pattern": "^###"], path: "a.grep"),
            .test(.age, ["paths": "docs"], parse: .float, path: "a.age"), .test(.git, [:], path: "a.git"),
            .test(.command, ["command": "echo 7"], path: "a.command"), .test(.formula, ["formula": "command * git"], path: "a.formula"),
        ]
        let results = await measurer.measure(specs, context: tree.context)
        #expect(results.count == specs.count)
        #expect(results.values.allSatisfy { if case .value = $0 { true } else { false } })
        #expect(results["a.formula"] == .value(.integer(7)))
    }
}
