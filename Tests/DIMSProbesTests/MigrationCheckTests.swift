import DIMSCore
import DIMSProbes
import Testing

struct MigrationCheckTests {
    @Test func equalValuesAreProvenAndFloatsCompareAtThePrecision() {
        #expect(MigrationCheck.outcome(original: .value(.integer(143)), rewritten: .value(.integer(143)), precision: nil) == .proven)
        #expect(MigrationCheck.outcome(original: .value(.integer(143)), rewritten: .value(.integer(1200)), precision: nil) == .differs)
        #expect(MigrationCheck.outcome(original: .value(.float(5.51)), rewritten: .value(.float(5.508)), precision: 2) == .proven)
        #expect(MigrationCheck.outcome(original: .value(.float(5.51)), rewritten: .value(.float(5.508)), precision: 3) == .differs)
        #expect(MigrationCheck.outcome(original: .value(.float(29)), rewritten: .value(.integer(29)), precision: nil) == .proven)
        #expect(MigrationCheck.outcome(original: .value(.string("29.00")), rewritten: .value(.float(29)), precision: 2) == .differs)
    }

    /// A command that could not run proves nothing; a native source that fails where the command ran differs.
    @Test func failuresAreUnprovenOrDifferent() {
        #expect(MigrationCheck.outcome(original: .failure("exited with status 2"), rewritten: .value(.integer(1)), precision: nil) == .unproven)
        #expect(MigrationCheck.outcome(original: .value(.integer(0)), rewritten: .failure("No such file or folder 'x'"), precision: nil) == .differs)
        let proof = MigrationProof(metric: "a.b", command: "find x | wc -l", native: "{source: files}", original: .value(.integer(0)),
                                   rewritten: .failure("No such file or folder 'x'"), outcome: .differs, written: false)
        #expect(MigrationCheck.note(proof) == "kept as a command: the command gives 0, the native source an error: No such file or folder 'x'")
    }
}
