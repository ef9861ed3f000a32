import ArgumentParser

/// The exit statuses of dims; part of its interface (see `dims --help`).
enum Status {
    static let drift = ExitCode(1)
    static let badInput = ExitCode(2)
    static let store = ExitCode(3)
    static let output = ExitCode(4)
    static let approval = ExitCode(5)
    /// The project's config asks for commands, endpoints or outside paths the user has not trusted (`dims trust`).
    static let untrusted = ExitCode(6)
}
