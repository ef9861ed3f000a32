import DIMSCore
import Foundation

/// A channel's URL with `${VAR}` read from the environment, and the form of it that may be shown.
///
/// A URL's path and query are secret (a Slack webhook's path is its token): only the scheme, host and port are
/// ever printed, logged or stored (`AlertChannel.redact`).
public struct ChannelTarget: Sendable {
    /// The URL to send to; never printed.
    let url: String
    /// `https://hooks.slack.com/…`: safe to show.
    public let redacted: String

    /// Resolves `template` (e.g. `${SLACK_WEBHOOK_URL}`) against `environment`.
    public init(_ template: String, environment: [String: String]) throws(AlertError) {
        url = try ChannelTarget.expand(template, environment: environment)
        redacted = ChannelTarget.redact(url)
    }

    /// `template` with each `${NAME}` replaced by its value; an unset or empty one is an error naming it.
    static func expand(_ template: String, environment: [String: String]) throws(AlertError) -> String {
        var result = ""
        var rest = Substring(template)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw AlertError("The URL has an unclosed '${'")
            }
            let name = String(rest[start.upperBound..<end])
            guard let value = environment[name], !value.isEmpty else {
                throw AlertError("The environment variable '\(name)' is not set")
            }
            result += value
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }

    /// The scheme, host and port of `url`, then `/…` when it has a path or query.
    public static func redact(_ url: String) -> String { AlertChannel.redact(url) }

    /// `text` with the secret URL (and its path) replaced by the redacted form.
    func scrub(_ text: String) -> String {
        var result = text.replacingOccurrences(of: url, with: redacted)
        if let schemeEnd = url.range(of: "://"), let slash = url[schemeEnd.upperBound...].firstIndex(of: "/") {
            let path = String(url[slash...])
            if path.count > 1 { result = result.replacingOccurrences(of: path, with: "/…") }
        }
        return result
    }
}

/// An alert that cannot be sent, or a channel that cannot be used.
public struct AlertError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
    public init(_ message: String) { self.message = message }
}
