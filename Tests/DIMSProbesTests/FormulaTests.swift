import DIMSCore
import DIMSProbes
import DIMSTestSupport
import Foundation
import Testing

struct FormulaTests {
    /// `round(x, n)` rounds as Python's `round` does (the exact binary value, ties to even), checked against python3 itself.
    @Test func roundGivesWhatPythonsRoundGives() throws {
        let cases: [(Double, Int)] = [(0.125, 2), (2.675, 2), (0.5, 0), (1.5, 0), (2.5, 0), (1234.5678, 1), (-0.125, 2), (5.55, 1), (0.0049, 2), (1e20 / 3, 3)]
        let script = "import json, sys\nprint(json.dumps([round(x, n) for x, n in json.load(sys.stdin)]))\n"
        let input = "[" + cases.map { "[\($0.0), \($0.1)]" }.joined(separator: ", ") + "]"
        let python = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", script], input: input)
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(python.stdout.utf8)) as? [Double])
        for ((value, digits), wanted) in zip(cases, expected) {
            let formula = try Formula("round(x, \(digits))")
            #expect(formula.evaluate { _ in value } == wanted, "round(\(value), \(digits))")
        }
    }

    /// A cost formula keeps its constants and rounding: `round(bytes / 1024**3, 2) * 0.023 + 29`.
    @Test func aCostFormulaReadsAndEvaluates() throws {
        let formula = try Formula("round(s3_storage.total_bytes / 1073741824, 2) * 0.023 + 29")
        #expect(formula.names == ["s3_storage.total_bytes"])
        #expect(formula.evaluate { _ in 5_914_268 } == 0.01 * 0.023 + 29)
        #expect(try Formula("round(2.5)").evaluate { _ in 0 } == 2)
    }

    @Test(arguments: ["round(x, -1)", "round(x, 2.5)", "round(x, 16)", "round(x, 2", "round(x,)"])
    func aRoundWithBadDigitsIsAnError(_ text: String) {
        let error = #expect(throws: ProbeError.self) { try Formula(text) }
        #expect(error?.code == .invalidFormula)
    }
}
