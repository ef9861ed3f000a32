internal import CCurl

/// A libcurl easy handle: makes one transfer at a time, on the thread that calls `perform`.
public final class EasyHandle {
    let handle: UnsafeMutableRawPointer

    /// Makes a handle, loading libcurl on first use. The corresponding C function is `curl_easy_init`.
    public init() throws(CurlError) {
        try CurlGlobal.ensureInitialized()
        guard let handle = dims_curl_easy_init() else {
            throw CurlError(code: .other, curlCode: -1, message: "curl_easy_init failed")
        }
        self.handle = handle
    }

    deinit { dims_curl_easy_cleanup(handle) }

    /// Makes `request`, passing the body to `onBody` chunk by chunk; `onBody` returns false to stop.
    ///
    /// Blocks the calling thread; the corresponding C function is `curl_easy_perform`.
    public func perform(_ request: CurlRequest, onBody: (UnsafeRawBufferPointer) -> Bool) throws(CurlError) -> CurlResponse {
        dims_curl_easy_reset(handle)
        return try withoutActuallyEscaping(onBody) { (body) throws(CurlError) -> CurlResponse in
            let sink = TransferSink(onBody: body)
            return try withExtendedLifetime(sink) { () throws(CurlError) -> CurlResponse in
                try perform(request, sink: sink)
            }
        }
    }

    private func perform(_ request: CurlRequest, sink: TransferSink) throws(CurlError) -> CurlResponse {
        let userdata = Unmanaged.passUnretained(sink).toOpaque()
        try set(CURLOPT_URL, request.url)
        try set(CURLOPT_CUSTOMREQUEST, request.method)
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeout.milliseconds)
        try set(CURLOPT_LOW_SPEED_LIMIT, 1)
        try set(CURLOPT_LOW_SPEED_TIME, max(1, (request.stallTimeout.milliseconds + 999) / 1000))
        if let total = request.totalTimeout { try set(CURLOPT_TIMEOUT_MS, total.milliseconds) }
        if let sigV4 = request.awsSigV4 { try set(CURLOPT_AWS_SIGV4, sigV4) }
        if let userPassword = request.userPassword { try set(CURLOPT_USERPWD, userPassword) }
        if let body = request.body {
            try set(CURLOPT_POSTFIELDSIZE, body.count)
            let result = body.withUnsafeBytes { dims_curl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress)) }
            try check(result, "curl_easy_setopt")
        }
        try check(dims_curl_easy_setopt_callback(handle, CURLOPT_WRITEFUNCTION, writeCallback), "curl_easy_setopt")
        try check(dims_curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, userdata), "curl_easy_setopt")
        try check(dims_curl_easy_setopt_callback(handle, CURLOPT_HEADERFUNCTION, headerCallback), "curl_easy_setopt")
        try check(dims_curl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, userdata), "curl_easy_setopt")

        var list: UnsafeMutablePointer<curl_slist>? = nil
        for header in request.headers { list = dims_curl_slist_append(list, header) }
        defer { dims_curl_slist_free_all(list) }
        try check(dims_curl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, list), "curl_easy_setopt")

        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let result = errorBuffer.withUnsafeMutableBufferPointer { buffer in
            _ = dims_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, buffer.baseAddress)
            let result = dims_curl_easy_perform(handle)
            _ = dims_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, nil)
            return result
        }
        let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        try check(result, "Request to '\(request.url)'", detail: detail)
        var status = 0
        try check(dims_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status), "curl_easy_getinfo")
        return CurlResponse(status: status, headers: sink.headers)
    }

    private func set(_ option: CURLoption, _ value: Int) throws(CurlError) {
        try check(dims_curl_easy_setopt_long(handle, option, value), "curl_easy_setopt")
    }

    private func set(_ option: CURLoption, _ value: String) throws(CurlError) {
        try check(dims_curl_easy_setopt_string(handle, option, value), "curl_easy_setopt")
    }
}

/// The context libcurl's callbacks reach through their userdata pointer.
final class TransferSink {
    let onBody: (UnsafeRawBufferPointer) -> Bool
    var headers: [String: String] = [:]

    init(onBody: @escaping (UnsafeRawBufferPointer) -> Bool) { self.onBody = onBody }
}

private let writeCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, userdata in
    guard let userdata else { return 0 }
    let sink = Unmanaged<TransferSink>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    return sink.onBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

private let headerCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, userdata in
    guard let userdata else { return 0 }
    let sink = Unmanaged<TransferSink>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    if line.hasPrefix("HTTP/") { sink.headers = [:] }
    if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
        sink.headers[name] = String(value.reversed().drop { $0.isWhitespace }.reversed())
    }
    return length
}
