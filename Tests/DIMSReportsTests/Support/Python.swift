import Foundation

/// Runs `python3` from the PATH, for checks that need Python tools such as `nbformat`.
enum Python {
    struct Result {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs `python3` with `arguments`; nil when no `python3` could be started.
    ///
    /// Standard error goes to a file, so that a long traceback cannot block the process while its output is read.
    static func run(_ arguments: [String]) -> Result? {
        guard let directory = try? TemporaryDirectory(), let errorPath = try? directory.write("", to: "stderr.txt"),
              let errorFile = FileHandle(forWritingAtPath: errorPath) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errorFile
        do { try process.run() } catch { return nil }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? errorFile.close()
        let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        return Result(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), errors: errors)
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
