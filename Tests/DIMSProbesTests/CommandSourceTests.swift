import DIMSCore
import DIMSProbes
import Foundation
import Testing

struct CommandSourceTests {
    @Test func aCommandRunsFromTheProjectRootAndItsOutputIsParsed() async throws {
        let tree = try Fixture()
        try tree.write("a/b.txt", "1\n2\n3\n")
        let result = await tree.measure(.test(.command, ["command": "wc -l < a/b.txt"]), with: CommandSource())
        #expect(result == .value(.integer(3)))
        let float = await tree.measure(MetricSpec(path: "t.f", source: .command, options: ["command": "echo 2.345"], parseType: .float, precision: 2), with: CommandSource())
        #expect(float == .value(.float(2.35)))
    }

    @Test func aNonZeroExitIsAFailureWithTheStatusAndTheFirstErrorLines() async throws {
        let tree = try Fixture()
        let result = await tree.measure(.test(.command, ["command": "echo 5; echo 'first problem' >&2; echo second >&2; exit 3"]), with: CommandSource())
        #expect(result == .failure("Command exited with status 3: first problem / second"))
    }

    @Test func aCommandThatRunsTooLongTimesOut() async throws {
        let tree = try Fixture()
        let result = await tree.measure(.test(.command, ["command": "sleep 20 & sleep 30; echo 1", "timeout": .float(0.5)]), with: CommandSource())
        #expect(result == .failure("Command timed out after 0.5 s"))
    }

    @Test func outputThatDoesNotParseIsAFailureQuotingIt() async throws {
        let tree = try Fixture()
        let result = await tree.measure(.test(.command, ["command": "echo 'twelve'"]), with: CommandSource())
        #expect(result == .failure("Command printed 'twelve', which is not a valid integer"))
    }

    @Test func manyCommandsRunAndEachGetsItsOwnResult() async throws {
        let tree = try Fixture()
        let specs = (0..<9).map { MetricSpec.test(.command, ["command": .string("echo \($0)")], path: MetricPath("c.m\($0)")) }
        let results = await CommandSource(concurrency: 3).measure(specs, context: tree.context)
        #expect(results.count == 9)
        for index in 0..<9 { #expect(results[MetricPath("c.m\(index)")] == .value(.integer(Int64(index)))) }
    }
}
