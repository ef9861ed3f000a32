import DIMSCore
import DIMSReports
import Testing

struct TerminalQuietTests {
    @Test func allOKSaysNoDrift() {
        #expect(TerminalFormat.quietLine(Fixture.report([Fixture.totalObjects, Fixture.totalSize])) == "✅ All metrics OK (no drift)")
    }

    @Test func newMetricsAreCountedWhenNothingDrifted() {
        #expect(TerminalFormat.quietLine(Fixture.report([Fixture.totalObjects, Fixture.workflows])) == "✅ All metrics OK (no drift, 1 new)")
    }

    /// The seed's session-start line.
    @Test func driftListsEachMetricWithItsPercentage() {
        let report = Fixture.report([
            Fixture.row("s3_storage.total_objects", .integer(181_000), baseline: .integer(172_053)),
            Fixture.row("code_base.python_files", .integer(1308), baseline: .integer(1281)),
            Fixture.totalSize,
            Fixture.row("documentation.markdown_files", .integer(1719), baseline: .integer(1656)),
        ])
        #expect(TerminalFormat.quietLine(report)
            == "⚠️  3 metrics drifted (s3_storage.total_objects +5.2%, code_base.python_files +2.1%, documentation.markdown_files +3.8%)")
    }

    @Test func singleDriftUsesSingularAndChangedValuesSayChanged() {
        #expect(TerminalFormat.quietLine(Fixture.report([Fixture.pythonFiles])) == "⚠️  1 metric drifted (code_base.python_files +3.2%)")
        #expect(TerminalFormat.quietLine(Fixture.report([Fixture.branch])) == "⚠️  1 metric drifted (git.branch changed)")
    }

    @Test func errorsAreAppendedAndMarkTheLineRed() {
        #expect(TerminalFormat.quietLine(Fixture.report([Fixture.pythonFiles, Fixture.espnSize]))
            == "❌ 1 metric drifted (code_base.python_files +3.2%), 1 error (local_data.espn_size_gb)")
        #expect(TerminalFormat.quietLine(Fixture.report([Fixture.totalObjects, Fixture.espnSize])) == "❌ 1 error (local_data.espn_size_gb)")
    }

    @Test func severeDriftMarksTheLineRed() {
        #expect(TerminalFormat.quietLine(Fixture.report([Fixture.predictionLines])) == "❌ 1 metric drifted (prediction_system.total_lines +8.0%)")
    }

    @Test func colorIsOffByDefault() {
        #expect(TerminalFormat.quietLine(Fixture.everything).contains("\u{1B}") == false)
        #expect(TerminalFormat.quietLine(Fixture.everything, useColor: true).hasPrefix("\u{1B}[31m"))
    }
}
