/// One HTTP request for libcurl to make.
public struct CurlRequest: Hashable, Sendable {
    public var url: String
    public var method: String
    /// Extra header lines, `Name: value`.
    public var headers: [String]
    /// `user:password` for the request's credentials (with `awsSigV4`, the access key and secret).
    public var userPassword: String?
    /// The `provider1[:provider2[:region[:service]]]` string of libcurl's AWS Signature V4 signing.
    public var awsSigV4: String?
    /// The longest wait for a connection.
    public var connectTimeout: Duration
    /// The longest the response may stay silent before the transfer fails.
    public var stallTimeout: Duration
    /// The longest the whole transfer may take, or nil for no limit.
    public var totalTimeout: Duration?
    /// The request body (sent as with `POST`), or nil for none.
    public var body: [UInt8]?

    public init(url: String, method: String = "GET", headers: [String] = [], userPassword: String? = nil, awsSigV4: String? = nil,
                connectTimeout: Duration = .seconds(10), stallTimeout: Duration = .seconds(30), totalTimeout: Duration? = nil,
                body: [UInt8]? = nil) {
        self.url = url
        self.method = method
        self.headers = headers
        self.userPassword = userPassword
        self.awsSigV4 = awsSigV4
        self.connectTimeout = connectTimeout
        self.stallTimeout = stallTimeout
        self.totalTimeout = totalTimeout
        self.body = body
    }
}

/// What the server answered: the status and headers; the body went to the caller's callback.
public struct CurlResponse: Hashable, Sendable {
    public var status: Int
    /// The response headers by lower-case name; a repeated header keeps its last value.
    public var headers: [String: String]

    public init(status: Int, headers: [String: String]) {
        self.status = status
        self.headers = headers
    }

    /// The value of the header `name`, in any case.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

extension Duration {
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
