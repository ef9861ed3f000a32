/// An AWS access key, its secret and an optional session token; printing it shows only the key id.
public struct S3Credentials: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    public var description: String { "S3Credentials(accessKeyID: '\(accessKeyID)', secret: ***)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["accessKeyID": accessKeyID, "secret": "***"]) }
    /// The values that must never appear in a log, a report or an error message.
    var secrets: [String] { [secretAccessKey, sessionToken ?? ""].filter { !$0.isEmpty } }
}
