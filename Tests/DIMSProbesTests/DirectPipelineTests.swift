import DIMSCore
@testable import DIMSProbes
import DIMSTestSupport
import Foundation
import Testing

/// Simple pipelines run without `/bin/sh`, to exactly what the shell gives: the same output, errors and status.
struct DirectPipelineTests {
    /// The shapes read, with their programs and the reshaping stages dims applies itself.
    @Test func simplePipelinesAreRead() throws {
        let lines = try #require(DirectPipeline("wc -l a.py 'b c.py' 2>/dev/null | tail -1 | awk '{print $1}'"))
        #expect(lines.stages == [.init(words: ["wc", "-l", "a.py", "b c.py"], quiet: true)])
        #expect(lines.filters.count == 2)
        let find = try #require(DirectPipeline("find sql/schema -name '*.sql' -exec cat {} + 2> /dev/null | wc -l"))
        #expect(find.stages == [.init(words: ["find", "sql/schema", "-name", "*.sql", "-exec", "cat", "{}", "+"], quiet: true)])
        #expect(find.filters == [.lineCount(0)])
        let git = try #require(DirectPipeline("git log --all --since='1 month ago' --oneline | grep -i \"fix\" | wc -l | tr -d ' '"))
        #expect(git.stages.map(\.words) == [["git", "log", "--all", "--since=1 month ago", "--oneline"], ["grep", "-i", "fix"]])
        #expect(git.filters == [.lineCount(0), .deleteSpaces])
        let alone = try #require(DirectPipeline("grep -c '^##' docs/a.md"))
        #expect(alone.stages.map(\.words) == [["grep", "-c", "^##", "docs/a.md"]] && alone.filters.isEmpty)
        // A reshaping stage alone is a program like any other: `wc -l` of nothing is the shell's business.
        #expect(DirectPipeline("wc -l")?.filters == [])
        #expect(DirectPipeline("awk '{ print  $1 }'")?.stages.count == 1)
        #expect(DirectPipeline("du -sm docs | awk '{ print $1 }'")?.filters.count == 1)
        #expect(DirectPipeline("du -sm docs | awk '{print$1}'")?.filters == [], "awk reads `print$1` as well, but it is not the shape")
    }

    /// Anything the shell would expand or interpret goes to the shell.
    @Test(arguments: [
        "echo $HOME", "ls *.py", "ls a?.py", "ls [ab].py", "ls ~/x", "ls `pwd`", "ls $(pwd)", "a; b", "a && b", "a || b",
        "a & b", "a > out", "a 2>&1 | wc -l", "a < in", "a >> out", "a 2>>/dev/null", "x2>/dev/null", "a | ", "| a", "a || b",
        "A=1 env", "echo hi", "cd /tmp", "test -f x", "[ -f x ]", "true", "if true", "! a", "(a)", "{ a; }", "ls {a,b}",
        "ls a{b}", "a # comment", "ls \"$HOME\"", "ls \"a\\b\"", "ls 'open", "ls \"open", "a\nb", "ls a\\ b", "ls 2>/dev/nullx",
        "a |& b", "",
    ])
    func otherCommandsAreLeftToTheShell(command: String) {
        #expect(DirectPipeline(command) == nil, "\(command)")
    }

    /// Each reshaping stage, fed its input in pieces of every size, prints exactly what the program prints.
    @Test(arguments: ["wc -l", "tail -1", "tail -n 1", "tail -n1", "awk '{print $1}'", "tr -d ' '"])
    func filtersMatchTheirPrograms(stage: String) throws {
        let words = try #require(DirectPipeline("x | " + stage)).filters
        let filter = try #require(words.first)
        let inputs = ["", "\n", "a", "a\n", "a\n\n", "\n\na", "  12 x\n\t7\ty \n\n   \n last  word", "x  y\t\tz\n  \t\n",
                      String(repeating: "word other\n", count: 3000) + "end", "ünïcödé  字 x\n"]
        let dir = TemporaryDirectory()
        for (number, input) in inputs.enumerated() {
            let file = dir.write(input, to: "in\(number)")
            let expected = try ProcessRunner.run("/bin/sh", ["-c", "\(stage) < '\(file)'"]).stdout
            for size in [1, 2, 3, 7, 64, 100_000] {
                var copy = filter
                var output: [UInt8] = []
                let bytes = Array(input.utf8)
                var start = 0
                while start < bytes.count {
                    let end = min(start + size, bytes.count)
                    Array(bytes[start..<end]).withUnsafeBytes { copy.feed($0) { output += $0 } }
                    start = end
                }
                copy.finish { output += $0 }
                #expect(String(decoding: output, as: UTF8.self) == expected, "\(stage) on input \(number) in pieces of \(size)")
            }
        }
    }

    /// Whole commands on a tree, run both ways: the same output, errors and status.
    @Test func commandsGiveWhatTheShellGives() throws {
        let dir = TemporaryDirectory()
        for index in 0..<30 { _ = dir.write(String(repeating: "line \(index)\n", count: index), to: "src/m\(index % 3)/f\(index).py") }
        _ = dir.write("## one\ntext\n## two\n", to: "docs/a.md")
        _ = dir.write("CREATE TABLE t (x int);\n\n", to: "sql/a.sql")
        let commands = [
            "wc -l src/m0/f3.py src/m1/f4.py 2>/dev/null | tail -1 | awk '{print $1}'",
            "wc -l src/m0/f3.py 2>/dev/null | awk '{print $1}'",
            "wc -l src/m0/f3.py missing.py 2>/dev/null | tail -1 | awk '{print $1}'",
            "wc -l missing.py | tail -1",
            "wc -l missing.py",
            "find . -name '*.py' -type f 2>/dev/null | wc -l | tr -d ' '",
            "find sql -name '*.sql' -exec cat {} + 2>/dev/null | wc -l",
            "find nowhere -name '*.py' | wc -l",
            "grep -c '^##' docs/a.md",
            "grep -c 'absent' docs/a.md",
            "du -sk docs 2>/dev/null | awk '{print $1}'",
            "cat src/m1/f7.py | tail -n 1",
            "ls src | sort -r | tail -n1",
            "yes | head -1",
            "sh -c 'exit 7' | cat",
            "cat src/m1/f7.py | sh -c 'exit 7'",
            "./run.sh 2>/dev/null | wc -l",
            "env | sort",
        ]
        _ = dir.write("#!/bin/sh\necho from script\necho oops >&2\n", to: "run.sh")
        chmod(dir.url("run.sh"), 0o755)
        // The shell drops variables whose names are not shell names and sets PWD to the folder it runs in.
        var environment = ProcessInfo.processInfo.environment
        environment["NOT-A-NAME"] = "1"
        environment["PWD"] = "/"
        for command in commands {
            let pipeline = try #require(DirectPipeline(command), "\(command)")
            let direct = try #require(Subprocess(pipeline: pipeline, directory: dir.path, environment: environment, timeout: 30), "\(command)")
            let shell = Subprocess(arguments: ["/bin/sh", "-c", command], directory: dir.path, environment: environment, timeout: 30)
            let (a, b) = (try direct.run(), try shell.run())
            #expect(a.text == b.text, "\(command)")
            #expect(a.status == b.status, "\(command)")
            #expect(a.errorLines() == b.errorLines(), "\(command)")
        }
    }

    /// A program the shell would not start directly (missing, not executable, a script without `#!`, a folder on
    /// PATH given relatively) leaves the command to the shell, which reports it as it does.
    @Test func programsTheShellWouldTreatOtherwiseAreLeftToIt() async throws {
        let tree = try Fixture()
        try tree.write("plain.sh", "echo plain\n")
        chmod(tree.root + "/plain.sh", 0o755)
        try tree.write("noexec.sh", "#!/bin/sh\necho 1\n")
        let path = ProcessInfo.processInfo.environment["PATH"]
        #expect(Subprocess.locate("no-such-program-here", path: path, directory: tree.root) == nil)
        #expect(Subprocess.locate("./plain.sh", path: path, directory: tree.root) == nil)
        #expect(Subprocess.locate("./noexec.sh", path: path, directory: tree.root) == nil)
        #expect(Subprocess.locate("wc", path: "bin:" + (path ?? ""), directory: tree.root) == nil)
        #expect(Subprocess.locate("wc", path: nil, directory: tree.root) == nil)
        #expect(Subprocess.locate("wc", path: path, directory: tree.root)?.hasSuffix("/wc") == true)
        // The shell runs the script without `#!` itself, and a missing program is its error.
        #expect(await tree.measure(.test(.command, ["command": "./plain.sh | wc -l"]), with: CommandSource()) == .value(.integer(1)))
        let missing = await tree.measure(.test(.command, ["command": "no-such-program-here | wc -l"]), with: CommandSource())
        #expect(missing == .value(.integer(0)))
    }

    /// At the deadline the whole pipeline is killed, the stages before the last with it.
    @Test func aPipelinePastItsDeadlineIsKilled() throws {
        let dir = TemporaryDirectory()
        let pipeline = try #require(DirectPipeline("sleep 30 | wc -l"))
        let run = try #require(Subprocess(pipeline: pipeline, directory: dir.path, environment: ProcessInfo.processInfo.environment, timeout: 0.3))
        let outcome = try run.run()
        #expect(outcome.timedOut)
    }
}
