import DIMSCore
import DIMSReports
import Testing

struct TerminalDiffTests {
    @Test func diffTableAlignsChangesAndMarksMissingValues() {
        let table = TerminalFormat.diff([
            DiffRow(metric: "s3_storage.total_objects", then: .integer(168_432), now: .integer(172_726)),
            DiffRow(metric: "s3_storage.total_size_gb", then: .float(120.5), now: .float(118.26)),
            DiffRow(metric: "workflows.count", then: nil, now: .integer(12)),
            DiffRow(metric: "git.branch", then: .string("develop"), now: .string("main")),
            DiffRow(metric: "code_base.test_files", then: .integer(0), now: .integer(4)),
            DiffRow(metric: "local_data.espn_size_gb", then: .float(4.5), now: nil),
        ])
        #expect(table == """
            Metric                         Then      Now   Change  % Change
            s3_storage.total_objects    168,432  172,726   +4,294     +2.5%
            s3_storage.total_size_gb      120.5   118.26    -2.24     -1.9%
            workflows.count                 n/a       12      n/a       n/a
            git.branch                'develop'   'main'  changed       n/a
            code_base.test_files              0        4       +4       n/a
            local_data.espn_size_gb         4.5      n/a      n/a       n/a

            """)
    }

    @Test func unchangedValuesShowZeroChange() {
        let table = TerminalFormat.diff([
            DiffRow(metric: "a.b", then: .integer(5), now: .integer(5)),
            DiffRow(metric: "a.c", then: .boolean(true), now: .boolean(true)),
        ])
        #expect(table == """
            Metric  Then   Now  Change  % Change
            a.b        5     5      +0     +0.0%
            a.c     true  true    same       n/a

            """)
    }

    @Test func emptyDiffSaysThereIsNothingToCompare() {
        #expect(TerminalFormat.diff([]) == "No metrics to compare\n")
    }
}
