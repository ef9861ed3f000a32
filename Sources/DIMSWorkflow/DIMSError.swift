/// The exit statuses of dims; part of its interface (see `dims --help` and ARCHITECTURE.md, "Exit statuses").
public enum ExitStatus: Int32, Sendable, Hashable, Codable {
    case success = 0
    /// Drift at or above `--fail-on`, or a check found a mismatch.
    case drift = 1
    /// A measurement failed, or an input (config, metrics.yaml, a date, an option, a request) is invalid.
    case badInput = 2
    /// The event log cannot be read or written.
    case store = 3
    /// An output file cannot be written.
    case output = 4
    /// A baseline move awaits approval.
    case approval = 5
    /// The project's config asks for commands, endpoints or outside paths the user has not trusted (`dims trust`).
    case untrusted = 6
}

/// The one error a command ends with: its exit status and, unless the answer already said it, a message.
///
/// Helpers throw it; the entry point prints it once (`dims: error: MESSAGE` on stderr, or
/// `{"error": {"message": …, "status": …, "file": …}}` on stdout under `--json`) and exits with its status.
public struct DIMSError: Error, Hashable, Sendable, CustomStringConvertible {
    public let status: ExitStatus
    /// What went wrong, for people; nil when the command's answer already said it and only the status remains.
    public let message: String?
    /// The file the error is about, relative to the project root, when there is one.
    public let file: String?

    public init(_ status: ExitStatus, _ message: String? = nil, file: String? = nil) {
        self.status = status
        self.message = message
        self.file = file
    }

    public var description: String { message ?? "exit status \(status.rawValue)" }
}

/// The statuses as errors without a message, for a command whose answer is printed: `throw Status.drift`.
public enum Status {
    public static let drift = DIMSError(.drift)
    public static let badInput = DIMSError(.badInput)
    public static let store = DIMSError(.store)
    public static let output = DIMSError(.output)
    public static let approval = DIMSError(.approval)
    public static let untrusted = DIMSError(.untrusted)
}

/// A failed command's answer under `--json`: `{"error": {"file": …, "message": …, "status": …}}`, `file` null when
/// the error is not about one file.
public struct ErrorAnswer: Encodable, Sendable {
    public struct Body: Encodable, Sendable {
        public let message: String
        public let status: Int32
        public let file: String?
    }

    public let error: Body

    public init(_ error: DIMSError) {
        self.error = Body(message: error.description, status: error.status.rawValue, file: error.file)
    }
}
