import DIMSCore
import DIMSReports
import Testing

struct TerminalValueTests {
    @Test func integersAreGroupedInThousands() {
        #expect(TerminalFormat.value(.integer(172_726)) == "172,726")
        #expect(TerminalFormat.value(.integer(999)) == "999")
        #expect(TerminalFormat.value(.integer(1_000)) == "1,000")
        #expect(TerminalFormat.value(.integer(-1_234_567)) == "-1,234,567")
        #expect(TerminalFormat.number(Int64.min) == "-9,223,372,036,854,775,808")
    }

    @Test func floatsKeepTheirShortestDecimals() {
        #expect(TerminalFormat.value(.float(118.26)) == "118.26")
        #expect(TerminalFormat.value(.float(1_234_567.5)) == "1,234,567.5")
        #expect(TerminalFormat.value(.float(-0.25)) == "-0.25")
        #expect(TerminalFormat.value(.float(2)) == "2.0")
    }

    @Test func stringsAreQuotedAndBooleansPlain() {
        #expect(TerminalFormat.value(.string("main")) == "'main'")
        #expect(TerminalFormat.value(.boolean(false)) == "false")
    }
}
