import DIMSCore
import DIMSTrust
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a metric could not be measured or its config is wrong.
public struct ProbeError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        case missingPath, permissionDenied, readFailed, invalidOption, commandFailed, commandTimedOut
        case unparsableOutput, formulaCycle, unknownName, invalidFormula, inputFailed, unknownSource, untrusted, walkTimedOut
    }
    public let code: Code
    public let message: String
    public var description: String { message }

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The error for a failed system call on `path`, from its `errno`.
    public static func system(_ err: Int32, path: String) -> ProbeError {
        switch err {
        case ENOENT, ENOTDIR: ProbeError(code: .missingPath, message: "No such file or folder '\(path)'")
        case EACCES, EPERM: ProbeError(code: .permissionDenied, message: "Permission denied for '\(path)'")
        default: ProbeError(code: .readFailed, message: "Cannot read '\(path)': \(String(cString: strerror(err)))")
        }
    }

    /// A path outside the project that a project not trusted may not read.
    static func outside(_ path: String) -> ProbeError {
        ProbeError(code: .untrusted, message: TrustScope.refusal(TrustScope.Item(kind: .outsidePath, metric: nil, text: path)))
    }

    static func invalidOption(_ key: String, _ value: String, expected: String) -> ProbeError {
        ProbeError(code: .invalidOption, message: "Option '\(key)' has value '\(value)', expected \(expected)")
    }
}
