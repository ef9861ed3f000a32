public import DIMSCore
import Foundation

/// The JSON an alert is sent as: Slack's incoming-webhook `{"text": ...}`, or the generic webhook and command body.
public enum AlertPayload {
    /// The generic body: what happened, to which metric, with its absolute and relative change.
    struct Body: Encodable {
        var id: String
        var channel: String
        var kind: String
        var level: String
        var metric: String?
        var value: JSONValue?
        var baseline: JSONValue?
        var delta: Double?
        var percent: Double?
        var text: String
        var observed: String
        var actor: String
    }

    struct Slack: Encodable {
        var text: String
    }

    /// A `Value` as JSON: a number, a string or a boolean.
    struct JSONValue: Encodable {
        var value: Value
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch value {
            case .integer(let v): try container.encode(v)
            case .float(let v): try container.encode(v)
            case .string(let v): try container.encode(v)
            case .boolean(let v): try container.encode(v)
            }
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// The bytes to send for `alert` (the event `entry`) to a channel of `kind`.
    public static func body(_ alert: Alert, entry: LoggedEvent, for kind: AlertChannel.Kind) -> [UInt8] {
        let data: Data?
        switch kind {
        case .slack:
            data = try? encoder.encode(Slack(text: alert.text))
        case .webhook, .command:
            let now = alert.value?.number, then = alert.baseline?.number
            let delta = now.flatMap { n in then.map { n - $0 } }
            let percent = delta.flatMap { d in then.flatMap { $0 == 0 ? nil : d / abs($0) * 100 } }
            data = try? encoder.encode(Body(id: entry.id.description, channel: alert.channel, kind: alert.kind.description,
                                            level: alert.level.description, metric: alert.metric?.rawValue,
                                            value: alert.value.map(JSONValue.init), baseline: alert.baseline.map(JSONValue.init),
                                            delta: delta, percent: percent, text: alert.text, observed: entry.observed.iso8601, actor: entry.actor))
        }
        return Array(data ?? Data("{}".utf8))
    }
}
