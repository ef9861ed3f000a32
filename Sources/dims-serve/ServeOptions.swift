import ArgumentParser
import DIMSWorkflow
import Foundation

/// The options of `dims serve`.
struct ServeOptions: ParsableArguments {
    static let discussion = """
        Answers from the event log (no measuring): the overview as 'verify' would show it, as of now or any \
        moment (?at=), each metric's trend and audit timeline, the diff between two dates (the body of /api/diff \
        is what 'dims diff --json' prints), /metrics for Prometheus, /api/openapi.json. Open pages update within a \
        second or two when any process appends to the log. Binds to 127.0.0.1; another address needs a token \
        (--token-file, or DIMS_SERVE_TOKEN; 16 characters or more), sent as 'Authorization: Bearer TOKEN' or set \
        as a cookie by opening /?token=TOKEN once. Read-only unless --allow-write (with a token): then POST \
        /api/approvals/N/accept or /reject ({"reviewer": NAME, "notes": TEXT}) and POST /api/baselines/METRIC ({}) \
        run 'dims approve' and 'dims update --metric' and answer with their --json answer. Stops on Ctrl-C or SIGTERM. Exits 2 on a bad option or when \
        the address cannot be bound.
        """

    @Option(name: .long, help: "The project root (the folder holding inventory/); by default the nearest one upwards.")
    var root: String?

    @Flag(name: .long, help: .hidden)
    var json = false

    @Flag(name: .long, help: .hidden)
    var trust = false

    @Option(help: "The port to listen on (0 picks a free one).")
    var port: Int = 8470

    @Option(help: "The address to listen on; anything but loopback needs a token.")
    var bind: String = "127.0.0.1"

    @Option(help: "A file holding the token every request must carry (DIMS_SERVE_TOKEN also gives it).")
    var tokenFile: String?

    @Flag(help: "Let requests carrying the token in their Authorization header accept or reject approval requests and move baselines (dims approve, dims update --metric); needs a token, even on 127.0.0.1.")
    var allowWrite = false

    /// The token from `--token-file`, else `DIMS_SERVE_TOKEN`, else none.
    func token(environment: [String: String]) throws -> String? {
        if let tokenFile {
            do {
                return try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw DIMSError(.badInput, "Cannot read --token-file '\(tokenFile)': \(error.localizedDescription)")
            }
        }
        return environment["DIMS_SERVE_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }
}
