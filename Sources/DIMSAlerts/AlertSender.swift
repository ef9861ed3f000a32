public import DIMSCore
import Curl
import DIMSSystem
import DIMSProbes
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sends queued alerts to their channels, retrying with backoff, and says what became of each.
public struct AlertSender: Sendable {
    /// What one delivery run of one alert came to.
    public enum Delivery: Hashable, Sendable {
        case delivered(AlertOutcome)
        case failed(AlertOutcome)
        /// Not sent by this machine: another machine of the team log claimed the same alert first.
        case withheld(AlertOutcome)

        public var outcome: AlertOutcome {
            switch self {
            case .delivered(let outcome), .failed(let outcome), .withheld(let outcome): outcome
            }
        }

        /// The event that records it.
        public var event: Event {
            switch self {
            case .delivered(let outcome): .alertDelivered(outcome)
            case .failed(let outcome): .alertFailed(outcome)
            case .withheld(let outcome): .alertWithheld(outcome)
            }
        }
    }

    let environment: [String: String]
    /// Where `command` channels run: the project root.
    let directory: String
    /// The wait before the second attempt; it doubles for each one after.
    let backoff: Duration

    public init(environment: [String: String], directory: String, backoff: Duration = .milliseconds(250)) {
        self.environment = environment
        self.directory = directory
        self.backoff = backoff
    }

    /// Sends `alert` (queued as `entry`) to `channel`, up to the channel's attempts.
    public func send(_ alert: Alert, entry: LoggedEvent, to channel: AlertChannel) async -> Delivery {
        let body = AlertPayload.body(alert, entry: entry, for: channel.kind)
        var attempts = 0
        var last = Attempt(status: 0, reason: "not sent", retry: false)
        while attempts < channel.attempts {
            if attempts > 0 { try? await Task.sleep(for: backoff * (1 << min(attempts - 1, 6))) }
            attempts += 1
            last = await attempt(body, id: entry.id, channel: channel)
            if last.reason.isEmpty {
                return .delivered(AlertOutcome(alert: entry.id, channel: channel.name, status: last.status, attempts: attempts))
            }
            if !last.retry { break }
        }
        return .failed(AlertOutcome(alert: entry.id, channel: channel.name, status: last.status, attempts: attempts, reason: last.reason))
    }

    /// One try: its status, and why it failed (empty when it succeeded).
    struct Attempt {
        var status: Int
        var reason: String
        var retry: Bool
    }

    func attempt(_ body: [UInt8], id: EventID, channel: AlertChannel) async -> Attempt {
        switch channel.kind {
        case .slack, .webhook: await post(body, id: id, channel: channel)
        case .command: await run(body, channel: channel)
        }
    }

    // MARK: - HTTP

    func post(_ body: [UInt8], id: EventID, channel: AlertChannel) async -> Attempt {
        let target: ChannelTarget
        do {
            target = try ChannelTarget(channel.url ?? "", environment: environment)
        } catch {
            return Attempt(status: 0, reason: error.message, retry: false)
        }
        let timeout = Duration.milliseconds(Int(channel.timeoutSeconds * 1000))
        let request = CurlRequest(url: target.url, method: "POST",
                                  headers: ["Content-Type: application/json", "Idempotency-Key: \(id)", "User-Agent: dims"],
                                  connectTimeout: min(timeout, .seconds(10)), stallTimeout: timeout, totalTimeout: timeout, body: body)
        do {
            let response = try await Curl.perform(request) { _ in true }
            if (200..<300).contains(response.status) { return Attempt(status: response.status, reason: "", retry: false) }
            let retry = response.status >= 500 || response.status == 429 || response.status == 408
            return Attempt(status: response.status, reason: "\(target.redacted) answered HTTP \(response.status)", retry: retry)
        } catch {
            let what: String = switch error.code {
            case .timedOut: "timed out after \(Value.shortText(channel.timeoutSeconds)) s"
            case .couldNotConnect: "could not connect"
            case .transferFailed: "the connection broke"
            case .aborted, .other: target.scrub(error.message)
            }
            return Attempt(status: 0, reason: "\(target.redacted) \(what)", retry: true)
        }
    }

    // MARK: - Command

    /// Runs the channel's command with `/bin/sh -c` in the project root, the JSON on its stdin; exit 0 delivers.
    func run(_ body: [UInt8], channel: AlertChannel) async -> Attempt {
        let command = channel.command ?? ""
        let directory = self.directory, environment = self.environment, timeout = channel.timeoutSeconds
        return await BlockingPool.shared.run { () -> Attempt in
            // The JSON goes in through a file, not a pipe: a command that exits without reading it cannot
            // make dims's write fail (or raise SIGPIPE).
            let file = NSTemporaryDirectory() + "/dims-alert-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).json"
            defer { try? FileManager.default.removeItem(atPath: file) }
            guard FileManager.default.createFile(atPath: file, contents: Data(body)) else {
                return Attempt(status: 0, reason: "The alert could not be written to a temporary file", retry: true)
            }
            var process = Subprocess(arguments: ["/bin/sh", "-c", command], directory: directory, environment: environment,
                                     timeout: timeout, outputLimit: 65_536)
            process.input = file
            let outcome: Subprocess.Outcome
            do throws(ProbeError) {
                outcome = try process.run()
            } catch {
                return Attempt(status: 0, reason: "The command could not start: \(error.message)", retry: false)
            }
            if outcome.timedOut {
                return Attempt(status: 0, reason: "The command timed out after \(Value.shortText(timeout)) s", retry: true)
            }
            let status = Int(outcome.status)
            return Attempt(status: status, reason: status == 0 ? "" : "The command exited with status \(status)", retry: true)
        }
    }
}
