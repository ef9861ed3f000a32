/// One-off requests, each on a fresh handle; use a `CurlSession` to reuse connections.
public enum Curl {
    /// Makes `request` on a background thread, passing the body to `onBody` there; `onBody` returns false to stop.
    public static func perform(_ request: CurlRequest,
                               onBody: @escaping @Sendable (UnsafeRawBufferPointer) -> Bool) async throws(CurlError) -> CurlResponse {
        try await CurlSession(maxIdle: 0).perform(request, onBody: onBody)
    }
}
