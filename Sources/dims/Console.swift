import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DIMSReports

/// Where a command's words go: results to stdout, errors and progress to stderr.
enum Console {
    static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
    /// Colors only on a terminal and never with NO_COLOR set.
    static var useColor: Bool { isTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func err(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Prints `value` as pretty JSON with sorted keys.
    static func json(_ value: Any) {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else {
            err("dims: error: the answer cannot be written as JSON")
            return
        }
        out(String(decoding: data, as: UTF8.self))
    }

    /// Prints `message` as an error and returns the exit code to throw.
    static func fail(_ message: String, _ status: ExitCode) -> ExitCode {
        err("dims: error: \(TerminalFormat.escaped(message))")
        return status
    }

    /// When the command started; touched by `Project.init` so that it is set early.
    static let started = DispatchTime.now()

    /// A progress line on stderr, only on a terminal and once the command has run for a second; overwritten by the next one.
    static func progress(_ text: String) {
        guard stderrIsTerminal, DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds > 1_000_000_000 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    static func clearProgress() {
        guard stderrIsTerminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
