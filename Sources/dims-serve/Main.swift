import ArgumentParser
import DIMSReports
import DIMSServe
import DIMSWorkflow
import Foundation

/// `dims-serve`: the program `dims serve` runs. It is a program of its own so that the HTTP server (Hummingbird,
/// SwiftNIO) is linked into it alone, and every other `dims` command starts without loading it.
@main
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dims serve",
        abstract: "Serve a live dashboard, its JSON API and /metrics (Prometheus) over HTTP, read-only unless --allow-write.",
        discussion: ServeOptions.discussion)

    @OptionGroup var options: ServeOptions

    func run() async throws {
        do {
            let project = try Project(root: options.root, trust: options.trust)
            let config = try project.config()
            let settings = ServeSettings(host: options.bind, port: options.port, token: try options.token(environment: project.environment),
                                         allowWrite: options.allowWrite)
            if let problem = settings.problem { throw DIMSError(.badInput, problem) }
            let writer = options.allowWrite ? CommandWriter(program: Self.dims(), root: project.root, trust: options.trust,
                                                            environment: project.environment.filter { $0.key != "DIMS_SERVE_TOKEN" }) : nil
            let source = try ProjectDashboard(project: project, config: config, writer: writer)
            let host = options.bind.contains(":") ? "[\(options.bind)]" : options.bind
            do {
                try await DashboardServer.run(settings, source: source) { bound in
                    Console.out("Serving the dashboard of \(project.root) at http://\(host):\(bound)/ (Ctrl-C stops)")
                }
            } catch {
                throw DIMSError(.badInput, "Cannot serve on \(host):\(options.port): \(error)")
            }
        } catch let error as DIMSError {
            if let message = error.message { Console.err("dims serve: error: \(TerminalFormat.escaped(message))") }
            throw ExitCode(error.status.rawValue)
        }
    }

    /// `dims` in the folder of this program (symbolic links resolved).
    static func dims() -> String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("dims").path
    }
}
