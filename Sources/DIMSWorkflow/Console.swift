public import DIMSReports
public import Foundation
import DIMSSystem
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command's words go: results to stdout, errors and progress to stderr.
public enum Console {
    /// Writes all of `text` to `descriptor`; a closed pipe or full disk loses the rest, as a terminal would.
    private static func write(_ text: String, to descriptor: Int32) {
        var text = text
        _ = text.withUTF8 { POSIX.writeAll(descriptor, UnsafeRawBufferPointer($0)) }
    }

    public static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    public static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
    /// Colors only on a terminal and never with NO_COLOR set to a non-empty value (no-color.org).
    public static var useColor: Bool { isTerminal && !noColor(ProcessInfo.processInfo.environment) }

    /// Whether `environment` asks for no color: `NO_COLOR` present and not empty.
    public static func noColor(_ environment: [String: String]) -> Bool {
        guard let value = environment["NO_COLOR"] else { return false }
        return !value.isEmpty
    }

    public static func out(_ text: String) {
        write(text + "\n", to: STDOUT_FILENO)
    }

    /// Prints `answer` as the command's JSON answer: one `Encodable` value through `JSONAnswer`'s one writer.
    public static func answer(_ answer: some Encodable) {
        out(JSONAnswer.render(answer))
    }

    public static func err(_ text: String) {
        write(text + "\n", to: STDERR_FILENO)
    }

    /// When the command started; touched by `Project.init` so that it is set early.
    public static let started = DispatchTime.now()

    /// A progress line on stderr, only on a terminal and once the command has run for a second; overwritten by the next one.
    public static func progress(_ text: String) {
        guard stderrIsTerminal, DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds > 1_000_000_000 else { return }
        write("\r\u{1B}[K\(text)", to: STDERR_FILENO)
    }

    public static func clearProgress() {
        guard stderrIsTerminal else { return }
        write("\r\u{1B}[K", to: STDERR_FILENO)
    }
}
