internal import Foundation

/// Where and as whom to list a bucket: the endpoint, its addressing style, the region and the credentials.
public struct S3Settings: Hashable, Sendable {
    /// The endpoint's base URL, such as `http://127.0.0.1:5000` or `https://s3.us-east-1.amazonaws.com`.
    public var endpoint: String
    /// Whether the bucket goes in the path (custom endpoints) rather than the host name (AWS).
    public var pathStyle: Bool
    public var region: String
    public var credentials: S3Credentials

    public init(endpoint: String, pathStyle: Bool, region: String, credentials: S3Credentials) {
        self.endpoint = endpoint
        self.pathStyle = pathStyle
        self.region = region
        self.credentials = credentials
    }

    /// Settings a config or a metric gives, which win over the environment and the AWS files.
    public struct Overrides: Hashable, Sendable {
        public var endpoint: String?
        public var region: String?
        public var profile: String?

        public init(endpoint: String? = nil, region: String? = nil, profile: String? = nil) {
            self.endpoint = endpoint
            self.region = region
            self.profile = profile
        }

        /// These overrides, with `fallback` filling what they leave out.
        func over(_ fallback: Overrides) -> Overrides {
            Overrides(endpoint: endpoint ?? fallback.endpoint, region: region ?? fallback.region, profile: profile ?? fallback.profile)
        }
    }

    /// Resolves settings the way AWS tools do: overrides, then `AWS_*` variables, then the profile in the AWS files.
    public static func resolve(_ overrides: Overrides, environment: [String: String]) throws(S3Error) -> S3Settings {
        try resolve(overrides, environment: environment, files: AWSSharedFiles(environment: environment))
    }

    static func resolve(_ overrides: Overrides, environment: [String: String], files: AWSSharedFiles) throws(S3Error) -> S3Settings {
        func env(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let profile = overrides.profile ?? env("AWS_PROFILE") ?? env("AWS_DEFAULT_PROFILE") ?? "default"
        if overrides.profile != nil || env("AWS_PROFILE") != nil, !files.hasProfile(profile) {
            throw S3Error(code: .missingCredentials, message: "The AWS profile '\(profile)' is not in the AWS config or credentials file")
        }
        let credentials: S3Credentials
        if overrides.profile == nil, let key = env("AWS_ACCESS_KEY_ID"), let secret = env("AWS_SECRET_ACCESS_KEY") {
            credentials = S3Credentials(accessKeyID: key, secretAccessKey: secret, sessionToken: env("AWS_SESSION_TOKEN"))
        } else if let key = files.value("aws_access_key_id", profile: profile),
                  let secret = files.value("aws_secret_access_key", profile: profile) {
            credentials = S3Credentials(accessKeyID: key, secretAccessKey: secret,
                                        sessionToken: files.value("aws_session_token", profile: profile))
        } else {
            throw S3Error(code: .missingCredentials, message: "No AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                          + "or add keys for the profile '\(profile)' to ~/.aws/credentials")
        }
        let region = overrides.region ?? env("AWS_REGION") ?? env("AWS_DEFAULT_REGION")
            ?? files.config[profile]?["region"] ?? "us-east-1"
        let custom = overrides.endpoint ?? env("AWS_ENDPOINT_URL_S3") ?? env("AWS_ENDPOINT_URL") ?? files.config[profile]?["endpoint_url"]
        guard let custom else {
            return S3Settings(endpoint: "https://s3.\(region).amazonaws.com", pathStyle: false, region: region, credentials: credentials)
        }
        var endpoint = custom
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        guard endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://"), endpoint.count > 8 else {
            throw S3Error(code: .invalidEndpoint, message: "The S3 endpoint '\(custom)' is not an http:// or https:// URL")
        }
        return S3Settings(endpoint: endpoint, pathStyle: true, region: region, credentials: credentials)
    }

    /// These settings in `region`, moving an AWS endpoint to that region's host.
    func inRegion(_ region: String) -> S3Settings {
        var moved = self
        if !pathStyle, endpoint == "https://s3.\(self.region).amazonaws.com" { moved.endpoint = "https://s3.\(region).amazonaws.com" }
        moved.region = region
        return moved
    }

    /// The URL that lists `bucket` with `query` (already in canonical order and encoding).
    func listURL(bucket: String, query: String) -> String {
        if pathStyle || bucket.contains(".") { return "\(endpoint)/\(bucket)?\(query)" }
        let host = endpoint.replacingFirst("https://", with: "https://\(bucket).")
        return "\(host)/?\(query)"
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
