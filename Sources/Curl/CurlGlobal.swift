internal import CCurl

/// libcurl's process-wide setup, done once before the first handle: the library is loaded then, not at start-up.
enum CurlGlobal {
    /// Why libcurl could not be loaded, or nil once it is loaded and initialized.
    private static let failure: String? = dims_curl_load().map { String(cString: $0) }

    /// Loads and initializes libcurl on first use. The corresponding C functions are `dlopen` and `curl_global_init`.
    static func ensureInitialized() throws(CurlError) {
        if let failure { throw CurlError(code: .other, curlCode: -1, message: failure) }
    }
}
