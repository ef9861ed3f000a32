import Foundation

/// Runs `python3` from the PATH, for checks that need Python tools such as `nbformat`.
enum Python {
    struct Result {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs `python3` with `arguments`; nil when no `python3` could be started.
    static func run(_ arguments: [String]) -> Result? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { return nil }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
                      errors: String(decoding: err, as: UTF8.self))
    }

    /// Why Python with `module` is unusable here, or nil when `python3 -c "import module"` works.
    static func missing(_ module: String) -> String? {
        guard let result = run(["-c", "import \(module)"]) else {
            return "python3 could not be started; install Python 3 and run 'pip install \(module)'"
        }
        guard result.status == 0 else {
            return "python3 cannot import '\(module)' (\(result.errors.trimmingCharacters(in: .whitespacesAndNewlines))); run 'pip install \(module)'"
        }
        return nil
    }
}
