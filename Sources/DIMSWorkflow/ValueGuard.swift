public import DIMSCore
public import DIMSTrust

/// What no value may be before it is stored: longer than its metric's `max_length`, or carrying a credential.
public struct ValueGuard {
    /// The longest text value, in bytes, when the metric sets no `max_length`.
    public static let defaultMaxLength = 4096

    public let credentials: CredentialValues

    public init(environment: [String: String]) {
        credentials = CredentialValues(environment: environment)
    }

    /// `result`, or the error it becomes; failure reasons lose any credential they quote.
    public func check(_ result: ProbeResult, of spec: MetricSpec) -> ProbeResult {
        switch result {
        case .failure(let reason):
            return .failure(credentials.redacted(reason))
        case .value(let value):
            let text = value.description
            if let name = credentials.found(in: text) {
                return .failure("The value contains the credential in $\(name); dims never stores credentials")
            }
            let limit = spec["max_length"]?.integer.map(Int.init) ?? ValueGuard.defaultMaxLength
            if case .string = value, text.utf8.count > limit {
                return .failure("The value is \(text.utf8.count) bytes long, more than max_length \(limit)")
            }
            return result
        }
    }
}
