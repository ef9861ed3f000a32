#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A command line simple enough to run without `/bin/sh`: a pipeline of programs with literal arguments, each
/// stage's errors kept or sent to `/dev/null`, and trailing stages that only reshape the text before them (`wc -l`,
/// `tail -1`, `awk '{print $1}'`, `tr -d ' '`), which dims applies to the output itself.
///
/// It gives what `sh -c` gives: the same programs, found on the same `PATH`, with the same arguments, directory,
/// environment and standard input, in one process group; the pipeline's status is its last stage's. Anything the
/// shell would expand, interpret or treat specially is refused, and the command then runs through `/bin/sh`:
/// unquoted `$`, backquotes, globs (`*?[]`), `~`, `#`, `\`, braces other than a lone `{}`, redirections other than
/// `2>/dev/null`, `;`, `&`, `||`, `(`, `)`, `<`, `!`, newlines, assignments (`A=b cmd`), `"…"` holding `$`, `` ` ``
/// or `\`, a shell builtin or keyword as a stage's program, and a program that is not found or is neither a binary
/// nor a `#!` script. The shell's own process is what this saves, with one process for each reshaping stage: most
/// of the time of a run of short counting commands.
struct DirectPipeline: Equatable {
    struct Stage: Equatable {
        /// The program as written, then its arguments.
        var words: [String]
        /// `2>/dev/null`: the stage's errors are dropped.
        var quiet = false
    }

    /// The programs, in order; at least one.
    var stages: [Stage]
    /// The reshaping stages after them, in order, applied by dims.
    var filters: [OutputFilter]

    /// Reads `text`; nil when it is anything but the simple shape above.
    init?(_ text: String) {
        guard let stages = DirectPipeline.split(Array(text.utf8)), !stages.isEmpty else { return nil }
        var programs = stages[...]
        var filters: [OutputFilter] = []
        while programs.count > 1, let last = programs.last, let filter = OutputFilter(last.words) {
            filters.insert(filter, at: 0)
            programs.removeLast()
        }
        for stage in programs {
            guard let program = stage.words.first, !program.isEmpty, !program.contains("="),
                  !DirectPipeline.shellWords.contains(program) else { return nil }
        }
        self.stages = Array(programs)
        self.filters = filters
    }

    /// The words `sh` runs itself or reads as syntax when they name a program: dash's builtins and keywords.
    static let shellWords: Set<String> = [
        ".", ":", "[", "alias", "bg", "break", "cd", "chdir", "command", "continue", "echo", "eval", "exec", "exit",
        "export", "false", "fc", "fg", "getopts", "hash", "jobs", "kill", "local", "printf", "pwd", "read", "readonly",
        "return", "set", "shift", "test", "times", "trap", "true", "type", "ulimit", "umask", "unalias", "unset",
        "wait", "if", "then", "else", "elif", "fi", "case", "esac", "for", "while", "until", "do", "done", "in",
        "function", "select", "time", "!", "{", "}",
    ]

    /// Bytes a word may hold unquoted: letters, digits, and punctuation the shell passes on as it is.
    private static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "="),
             UInt8(ascii: ","), UInt8(ascii: "+"), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "^"): true
        default: byte >= 0x80
        }
    }

    /// The stages of a pipeline, or nil at anything outside the shape.
    private static func split(_ bytes: [UInt8]) -> [Stage]? {
        var stages: [Stage] = [Stage(words: [])]
        var word: [UInt8] = [], inWord = false
        // The current word's bytes were all unquoted (for `2>` and `{}`).
        var plain = true
        func flush() {
            if inWord { stages[stages.count - 1].words.append(String(decoding: word, as: UTF8.self)) }
            word = []; inWord = false; plain = true
        }
        // An unquoted word with a brace is brace expansion, or a group, unless it is a lone `{}` (find's).
        func expandsBraces() -> Bool {
            inWord && plain && word.contains { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") } && word != Array("{}".utf8)
        }
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                if expandsBraces() { return nil }
                flush()
            case UInt8(ascii: "'"):
                guard let end = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: "'")) else { return nil }
                word += bytes[(i + 1)..<end]
                inWord = true; plain = false
                i = end
            case UInt8(ascii: "\""):
                guard let end = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
                let inner = bytes[(i + 1)..<end]
                guard !inner.contains(where: { $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "`") || $0 == UInt8(ascii: "\\") }) else { return nil }
                word += inner
                inWord = true; plain = false
                i = end
            case UInt8(ascii: "|"):
                guard i + 1 < bytes.count, bytes[i + 1] != UInt8(ascii: "|"), bytes[i + 1] != UInt8(ascii: "&") else { return nil }
                if expandsBraces() { return nil }
                flush()
                guard !stages[stages.count - 1].words.isEmpty else { return nil }
                stages.append(Stage(words: []))
            case UInt8(ascii: ">"):
                // Only `2>/dev/null` (or `2> /dev/null`), where the `2` stands alone.
                guard inWord, plain, word == [UInt8(ascii: "2")] else { return nil }
                word = []; inWord = false
                var j = i + 1
                while j < bytes.count, bytes[j] == UInt8(ascii: " ") || bytes[j] == UInt8(ascii: "\t") { j += 1 }
                let target = Array("/dev/null".utf8)
                guard j + target.count <= bytes.count, Array(bytes[j..<(j + target.count)]) == target else { return nil }
                let after = j + target.count
                guard after == bytes.count || [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "|")].contains(bytes[after]) else { return nil }
                stages[stages.count - 1].quiet = true
                i = after - 1
            case UInt8(ascii: "#"), UInt8(ascii: "~"):
                return nil
            case UInt8(ascii: "{"), UInt8(ascii: "}"):
                word.append(byte)
                inWord = true
            default:
                guard isPlain(byte) else { return nil }
                word.append(byte)
                inWord = true
            }
            i += 1
        }
        if expandsBraces() { return nil }
        flush()
        guard !stages[stages.count - 1].words.isEmpty else { return nil }
        return stages
    }
}

/// A reshaping stage at the end of a pipeline, applied by dims to the text before it, byte for byte as the program
/// would: fed the output in pieces, it passes its own on as it goes.
enum OutputFilter: Equatable {
    /// `wc -l`: the number of newlines, then a newline (coreutils' width for one input read from a pipe: none).
    case lineCount(UInt64)
    /// `tail -1`, `tail -n 1`, `tail -n1`: the last line (with its newline when it has one).
    case lastLine(last: [UInt8], current: [UInt8])
    /// `awk '{print $1}'`: each line's first blank-separated field, then a newline (a blank line gives an empty one).
    case firstField(inField: Bool, fieldDone: Bool, lineStarted: Bool)
    /// `tr -d ' '`: every space removed.
    case deleteSpaces

    init?(_ words: [String]) {
        switch words {
        case ["wc", "-l"]: self = .lineCount(0)
        case ["tail", "-1"], ["tail", "-n", "1"], ["tail", "-n1"]: self = .lastLine(last: [], current: [])
        case ["tr", "-d", " "]: self = .deleteSpaces
        default:
            guard words.count == 2, words[0] == "awk", OutputFilter.isPrintFirstField(Array(words[1].utf8)) else { return nil }
            self = .firstField(inField: false, fieldDone: false, lineStarted: false)
        }
    }

    /// Whether an awk program is `{print $1}`, with blanks only where awk allows them.
    static func isPrintFirstField(_ program: [UInt8]) -> Bool {
        var rest = program[...]
        func skipBlanks() { while let first = rest.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { rest.removeFirst() } }
        func take(_ text: String) -> Bool {
            let bytes = Array(text.utf8)
            guard rest.starts(with: bytes) else { return false }
            rest.removeFirst(bytes.count)
            return true
        }
        skipBlanks()
        guard take("{") else { return false }
        skipBlanks()
        guard take("print") else { return false }
        let blanks = rest.count
        skipBlanks()
        guard rest.count < blanks, take("$1") else { return false }
        skipBlanks()
        guard take("}") else { return false }
        skipBlanks()
        return rest.isEmpty
    }

    /// Takes `bytes`, passing on what the stage prints for them.
    mutating func feed(_ bytes: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) {
        switch self {
        case .lineCount(let count):
            var added: UInt64 = 0
            for byte in bytes where byte == UInt8(ascii: "\n") { added += 1 }
            self = .lineCount(count + added)
        case .lastLine(var last, var current):
            self = .deleteSpaces // Leaves the arrays uniquely referenced while they change.
            var start = 0
            for index in 0..<bytes.count where bytes[index] == UInt8(ascii: "\n") {
                current += bytes[start...index]
                swap(&last, &current)
                current.removeAll(keepingCapacity: true)
                start = index + 1
            }
            current += bytes[start...]
            self = .lastLine(last: last, current: current)
        case .firstField(var inField, var fieldDone, var lineStarted):
            var start = -1
            for index in 0..<bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\n") {
                    if start >= 0 { emit(UnsafeRawBufferPointer(rebasing: bytes[start..<index])); start = -1 }
                    OutputFilter.newline.withUnsafeBytes(emit)
                    inField = false; fieldDone = false; lineStarted = false
                    continue
                }
                lineStarted = true
                if fieldDone { continue }
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                    if inField {
                        if start >= 0 { emit(UnsafeRawBufferPointer(rebasing: bytes[start..<index])); start = -1 }
                        inField = false; fieldDone = true
                    }
                } else if !inField {
                    inField = true
                    start = index
                } else if start < 0 {
                    start = index
                }
            }
            if start >= 0 { emit(UnsafeRawBufferPointer(rebasing: bytes[start...])) }
            self = .firstField(inField: inField, fieldDone: fieldDone, lineStarted: lineStarted)
        case .deleteSpaces:
            var start = 0
            for index in 0..<bytes.count where bytes[index] == UInt8(ascii: " ") {
                if index > start { emit(UnsafeRawBufferPointer(rebasing: bytes[start..<index])) }
                start = index + 1
            }
            if start < bytes.count { emit(UnsafeRawBufferPointer(rebasing: bytes[start...])) }
        }
    }

    /// The end of the input: passes on what the stage prints last.
    mutating func finish(_ emit: (UnsafeRawBufferPointer) -> Void) {
        switch self {
        case .lineCount(let count):
            Array("\(count)\n".utf8).withUnsafeBytes(emit)
        case .lastLine(let last, let current):
            (current.isEmpty ? last : current).withUnsafeBytes(emit)
        case .firstField(_, _, let lineStarted):
            // awk ends a last line that has no newline as a record of its own.
            if lineStarted { OutputFilter.newline.withUnsafeBytes(emit) }
        case .deleteSpaces:
            break
        }
    }

    private static let newline: [UInt8] = [UInt8(ascii: "\n")]
}
