/// How `dims serve` listens and whom it answers.
public struct ServeSettings: Sendable {
    /// The address to bind: `127.0.0.1` by default.
    public var host: String
    /// The port; 0 picks a free one (printed when the server is up).
    public var port: Int
    /// The token a request must carry (`Authorization: Bearer TOKEN`, or the cookie set by `/?token=TOKEN`);
    /// required when `host` is not a loopback address.
    public var token: String?
    /// How often the log's last seq is read for live updates, in milliseconds.
    public var pollMilliseconds: Int
    /// Whether the write endpoints (`POST /api/approvals/N/accept|reject`, `POST /api/baselines/METRIC`) exist:
    /// `--allow-write`, which needs a token, carried in the `Authorization` header of every write.
    public var allowWrite: Bool

    public init(host: String = "127.0.0.1", port: Int = 8470, token: String? = nil, pollMilliseconds: Int = 250, allowWrite: Bool = false) {
        self.host = host
        self.port = port
        self.token = token
        self.pollMilliseconds = pollMilliseconds
        self.allowWrite = allowWrite
    }

    /// Whether `host` names this machine only: 127.0.0.0/8, ::1 or localhost.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// Why these settings may not be served, or nil: a non-loopback bind needs a token.
    public var problem: String? {
        if !ServeSettings.isLoopback(host), (token ?? "").isEmpty {
            return "Binding to \(host) makes the dashboard reachable from other machines: give a token with --token-file or DIMS_SERVE_TOKEN"
        }
        if allowWrite, (token ?? "").isEmpty {
            return "--allow-write lets requests decide approvals and move baselines: give a token with --token-file or DIMS_SERVE_TOKEN (every write must carry it, even on 127.0.0.1)"
        }
        if let token, !token.isEmpty, token.count < 16 {
            return "The token is too short: use at least 16 characters"
        }
        if !(0...65535).contains(port) { return "Invalid --port \(port): use 0 to 65535" }
        return nil
    }
}
