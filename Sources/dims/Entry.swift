import ArgumentParser
import DIMSReports
import DIMSWorkflow
import Foundation

/// The entry point. `dims --version`, which scripts run to check that dims is installed, answers before the argument
/// parser starts (its reflection over every command costs more than the answer); the commonest commands with plain
/// options are parsed by `FastPath`; everything else goes to `DIMS`.
@main
enum Entry {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.elementsEqual(["--version"]) {
            print(DIMSVersion.current)
            return
        }
        let moved = GlobalOptions.movedAfterSubcommand(arguments)
        if let fast = FastPath.command(moved) {
            await run(json: fast.json, fast.run)
        }
        await run(moved)
    }

    /// Runs a command `FastPath` parsed, ending as `run(_:)` does.
    static func run(json: Bool, _ body: () async throws -> Void) async -> Never {
        do {
            try await body()
        } catch {
            fail(error, json: json)
        }
        exit(ExitStatus.success.rawValue)
    }

    /// Parses and runs the command; every error ends here, printed once, and sets the exit status.
    static func run(_ arguments: [String]) async -> Never {
        var json = GlobalOptions.jsonRequested(in: arguments)
        do {
            var command = try DIMS.parseAsRoot(arguments)
            if let global = GlobalOptions.of(command) { json = global.json }
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            fail(error, json: json)
        }
        exit(ExitStatus.success.rawValue)
    }

    /// Prints the error a command or the parser threw, once, and exits with its status.
    static func fail(_ error: any Error, json: Bool) -> Never {
        if let error = error as? DIMSError { finish(error, json: json) }
        // argument-parser's usage errors (exit 64) are bad input: the documented status 2.
        guard DIMS.exitCode(for: error) == .validationFailure else { DIMS.exit(withError: error) }
        if json {
            finish(DIMSError(.badInput, DIMS.message(for: error)), json: true)
        }
        Console.err(DIMS.fullMessage(for: error))
        exit(ExitStatus.badInput.rawValue)
    }

    /// Prints `error` (unless it carries no message) and exits with its status.
    static func finish(_ error: DIMSError, json: Bool) -> Never {
        if let message = error.message {
            if json {
                Console.out(JSONAnswer.render(ErrorAnswer(error)))
            } else {
                Console.err("dims: error: \(TerminalFormat.escaped(message))")
            }
        }
        exit(error.status.rawValue)
    }
}
