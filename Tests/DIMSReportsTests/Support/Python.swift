import DIMSTestSupport
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
        guard let result = try? ProcessRunner.run("/usr/bin/env", ["python3"] + arguments) else { return nil }
        // env's status when it cannot find or start the program.
        guard result.status != 127, result.status != 126 else { return nil }
        return Result(status: result.status, output: result.stdout, errors: result.stderr)
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
