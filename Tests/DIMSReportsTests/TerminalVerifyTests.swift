import DIMSCore
import DIMSReports
import Testing

struct TerminalVerifyTests {
    @Test func okMetricShowsGroupedValue() {
        #expect(TerminalFormat.verifyLines(for: Fixture.totalObjects) == ["✅ s3_storage.total_objects: 172,726 (OK)"])
        #expect(TerminalFormat.verifyLine(for: Fixture.totalSize) == "✅ s3_storage.total_size_gb: 118.26 (OK)")
    }

    /// The seed's example: a volatile metric with minor drift is amber, with two spaces after the sign.
    @Test func minorVolatileDriftIsAmberWithLowSeverity() {
        #expect(TerminalFormat.verifyLines(for: Fixture.pythonFiles) == [
            "⚠️  code_base.python_files: 1,308 (drifted +3.2% from 1,268)",
            "Severity: Low (volatile metric, minor drift)",
            "Action: No immediate action needed (expected growth)",
        ])
    }

    @Test func moderateVolatileDriftIsAmberWithMediumSeverity() {
        #expect(TerminalFormat.verifyLines(for: Fixture.markdownFiles) == [
            "⚠️  documentation.markdown_files: 1,860 (drifted +8.2% from 1,719)",
            "Severity: Medium (volatile metric, moderate drift)",
            "Action: No immediate action needed (expected growth)",
        ])
    }

    @Test func majorVolatileDriftIsRedAndAsksForReview() {
        #expect(TerminalFormat.verifyLines(for: Fixture.testFiles) == [
            "❌ code_base.test_files: 120 (drifted +20.0% from 100)",
            "Severity: High (volatile metric, major drift)",
            "Action: Review: larger change than usual for a volatile metric",
        ])
    }

    @Test func criticalVolatileDriftAsksToInvestigateNow() {
        #expect(TerminalFormat.verifyLines(for: Fixture.hooprFiles) == [
            "❌ s3_storage.hoopr_files: 150 (drifted +50.0% from 100)",
            "Severity: Critical (volatile metric, critical drift)",
            "Action: Investigate now: critical drift",
        ])
    }

    @Test func negativeVolatileDriftWarnsOfDataLoss() {
        #expect(TerminalFormat.verifyLines(for: Fixture.mlScripts) == [
            "⚠️  code_base.ml_scripts: 90 (drifted -10.0% from 100)",
            "Severity: Medium (volatile metric, moderate drift)",
            "Action: No immediate action needed (negative drift: check for data loss)",
        ])
    }

    @Test func minorStableDriftAsksToInvestigate() {
        #expect(TerminalFormat.verifyLines(for: Fixture.plusMinusLines) == [
            "⚠️  plus_minus_system.python_lines: 1,010 (drifted +1.0% from 1,000)",
            "Severity: Medium (stable metric, minor drift)",
            "Action: Investigate - stable code should not change this much",
        ])
    }

    /// The seed's example: a stable metric with moderate drift is red with high severity.
    @Test func moderateStableDriftIsRedWithHighSeverity() {
        #expect(TerminalFormat.verifyLines(for: Fixture.predictionLines) == [
            "❌ prediction_system.total_lines: 2,271 (drifted +8.0% from 2,103)",
            "Severity: High (stable metric, moderate drift)",
            "Action: Investigate - stable code should not change this much",
        ])
    }

    @Test func majorAndCriticalStableDriftAreCritical() {
        #expect(TerminalFormat.verifyLines(for: Fixture.schemaLines) == [
            "❌ sql_schemas.total_lines: 1,200 (drifted +20.0% from 1,000)",
            "Severity: Critical (stable metric, major drift)",
            "Action: Investigate now: critical drift",
        ])
        #expect(TerminalFormat.verifyLine(for: Fixture.commits) == "❌ git.book_recommendation_commits: 300 (drifted +40.2% from 214)")
    }

    @Test func negativeStableDriftAddsDataLossWarning() {
        let row = Fixture.row("prediction_system.total_lines", .integer(1900), baseline: .integer(2000), volatility: .stable)
        #expect(TerminalFormat.action(for: row) == "Investigate - stable code should not change this much (negative drift: check for data loss)")
    }

    @Test func floatDriftShowsShortestDecimals() {
        #expect(TerminalFormat.verifyLine(for: Fixture.accuracy) == "❌ prediction_system.accuracy: 0.75 (drifted +7.1% from 0.7)")
    }

    /// A drift from zero has no percentage, so the absolute change is shown.
    @Test func driftFromZeroShowsAbsoluteChange() {
        let row = Fixture.row("code_base.test_files", .integer(40), baseline: .integer(0))
        #expect(TerminalFormat.verifyLine(for: row) == "❌ code_base.test_files: 40 (drifted +40 from 0)")
    }

    @Test func newMetricSaysItHasNoBaseline() {
        #expect(TerminalFormat.verifyLines(for: Fixture.workflows) == ["🆕 workflows.count: 12 (NEW, no baseline)"])
    }

    @Test func failedMeasurementShowsItsReason() {
        #expect(TerminalFormat.verifyLines(for: Fixture.espnSize) == [
            "❌ local_data.espn_size_gb: ERROR (Command 'du -sm data/espn' failed: No such file or directory)",
        ])
    }

    @Test func changedStringAndBooleanShowTheirBaseline() {
        #expect(TerminalFormat.verifyLines(for: Fixture.branch) == [
            "⚠️  git.branch: 'main' (changed from 'develop')",
            "Severity: Critical (stable metric, value changed)",
            "Action: Review: the value differs from its baseline",
        ])
        #expect(TerminalFormat.verifyLine(for: Fixture.released) == "⚠️  project.released: true (changed from false)")
    }

    @Test func summaryCountsDriftAndAddsErrorsAndNewOnlyWhenAny() {
        #expect(TerminalFormat.summaryLine(ReportSummary(total: 25, ok: 22, drifted: 3, errors: 0, new: 0)) == "Summary: 22/25 OK, 3 drifted")
        #expect(TerminalFormat.summaryLine(ReportSummary(Fixture.everything)) == "Summary: 3/17 OK, 12 drifted, 1 error, 1 new")
        #expect(TerminalFormat.summaryLine(ReportSummary(total: 5, ok: 1, drifted: 0, errors: 2, new: 2)) == "Summary: 1/5 OK, 0 drifted, 2 errors, 2 new")
    }

    @Test func fullOutputEndsWithBlankLineAndSummary() {
        let report = Fixture.report([Fixture.totalObjects, Fixture.pythonFiles])
        #expect(TerminalFormat.verify(report) == """
            ✅ s3_storage.total_objects: 172,726 (OK)
            ⚠️  code_base.python_files: 1,308 (drifted +3.2% from 1,268)
            Severity: Low (volatile metric, minor drift)
            Action: No immediate action needed (expected growth)

            Summary: 1/2 OK, 1 drifted

            """)
    }

    @Test func colorWrapsLinesInANSIOnlyWhenAsked() {
        #expect(TerminalFormat.verifyLine(for: Fixture.totalObjects, useColor: true) == "\u{1B}[32m✅ s3_storage.total_objects: 172,726 (OK)\u{1B}[0m")
        #expect(TerminalFormat.verifyLine(for: Fixture.espnSize, useColor: true).hasPrefix("\u{1B}[31m❌"))
        #expect(!TerminalFormat.verify(Fixture.everything).contains("\u{1B}"))
    }
}
