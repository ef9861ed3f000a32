internal import CCurl

/// A transfer that libcurl could not complete.
public struct CurlError: Error, Hashable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        /// The host could not be resolved or did not accept the connection.
        case couldNotConnect
        /// The connection, the whole transfer, or a stall outlasted its limit.
        case timedOut
        /// The connection broke or ended before the response was complete.
        case transferFailed
        /// The body callback asked to stop the transfer.
        case aborted
        /// Any other libcurl error, including a handle that could not be set up.
        case other
    }

    public let code: Code
    /// The `CURLcode` libcurl returned.
    public let curlCode: Int32
    public let message: String
    public var description: String { message }

    public init(code: Code, curlCode: Int32, message: String) {
        self.code = code
        self.curlCode = curlCode
        self.message = message
    }
}

/// Turns a `CURLcode` into nothing when it is `CURLE_OK`, or a `CurlError` naming `function` otherwise.
func check(_ result: CURLcode, _ function: String, detail: String = "") throws(CurlError) {
    guard result != CURLE_OK else { return }
    let code: CurlError.Code = switch result {
    case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: .couldNotConnect
    case CURLE_OPERATION_TIMEDOUT: .timedOut
    case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING: .transferFailed
    case CURLE_WRITE_ERROR, CURLE_ABORTED_BY_CALLBACK: .aborted
    default: .other
    }
    let text = String(cString: dims_curl_easy_strerror(result))
    let suffix = detail.isEmpty ? "" : ": \(detail)"
    throw CurlError(code: code, curlCode: Int32(bitPattern: result.rawValue), message: "\(function) failed: \(text)\(suffix)")
}
