import DIMSCore
import Testing

struct ShellCommandTests {
    /// `2>/dev/null` and a last stage's `2>&1` are dropped: neither changes what a successful count prints.
    @Test func quietRedirectionsThatLeaveTheCountAloneAreDropped() throws {
        let quiet = try #require(ShellCommand("find . -name '*.py' 2>/dev/null | wc -l"))
        #expect(quiet.quieted)
        #expect(quiet.stages?.map { $0.map(\.text) } == [["find", ".", "-name", "*.py"], ["wc", "-l"]])
        let last = try #require(ShellCommand("find . -name '*.py' | wc -l 2>&1"))
        #expect(last.stages?.map { $0.map(\.text) } == [["find", ".", "-name", "*.py"], ["wc", "-l"]])
    }

    /// `2>&1` before a `|` sends the errors into the pipe, where they are counted: the command is no plain pipeline.
    @Test func errorsSentIntoThePipeKeepTheCommandAsItIs() throws {
        let merged = try #require(ShellCommand("find . -name '*.py' 2>&1 | wc -l"))
        #expect(merged.stages == nil)
    }
}
