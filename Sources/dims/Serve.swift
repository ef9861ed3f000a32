import ArgumentParser
import DIMSWorkflow
import Foundation

/// `dims serve` runs the `dims-serve` program beside `dims` with the same arguments: the HTTP server lives there,
/// so that no other command pays for loading it (see ARCHITECTURE.md, "dims-serve").
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a live dashboard, its JSON API and /metrics (Prometheus) over HTTP, read-only unless --allow-write (dims serve --help).")

    @Argument(parsing: .captureForPassthrough, help: "[--port 8470] [--bind 127.0.0.1] [--token-file FILE] [--allow-write] [--root DIR]")
    var arguments: [String] = []

    func run() throws {
        let program = Serve.program()
        guard FileManager.default.isExecutableFile(atPath: program) else {
            throw DIMSError(.badInput, "dims serve needs the dims-serve program beside dims, at \(program): build it with 'swift build -c release --product dims-serve' and install it with dims")
        }
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        execv(program, argv)
        throw DIMSError(.badInput, "Cannot run \(program): \(String(cString: strerror(errno)))")
    }

    /// `dims-serve` in the folder of the running `dims` (symbolic links resolved).
    static func program() -> String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("dims-serve").path
    }
}
