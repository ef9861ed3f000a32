internal import Foundation
internal import DIMSCore

/// An S3 metric that could not be measured, and why; never carries a secret.
public struct S3Error: Error, Hashable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        case missingOption, invalidOption, missingCredentials, invalidEndpoint
        /// S3 answered with an error; `serviceCode` holds its code.
        case service
        /// The request could not be made or did not complete.
        case transport
        /// A listing page was cut short or could not be read.
        case malformedListing
        /// The measure has no value because no object matched.
        case noObjects
    }

    public let code: Code
    public let message: String
    /// S3's own error code (`AccessDenied`, `NoSuchBucket`, `SlowDown`, ...), when S3 gave one.
    public let serviceCode: String?
    public var description: String { message }

    public init(code: Code, message: String, serviceCode: String? = nil) {
        self.code = code
        self.message = message
        self.serviceCode = serviceCode
    }

    static func missingOption(_ metric: MetricPath, _ option: String) -> Self {
        Self(code: .missingOption, message: "S3 metric '\(metric)' needs the option '\(option)'")
    }

    static func invalidOption(_ metric: MetricPath, _ option: String, _ value: String) -> Self {
        Self(code: .invalidOption, message: "S3 metric '\(metric)' has an invalid '\(option)': '\(value)'")
    }

    /// This error with every occurrence of `secrets` in its message replaced by `***`.
    func redacting(_ secrets: [String]) -> Self {
        var text = message
        for secret in secrets where !secret.isEmpty { text = text.replacingOccurrences(of: secret, with: "***") }
        return Self(code: code, message: text, serviceCode: serviceCode)
    }
}
