internal import Dispatch

/// Makes requests off the caller's task: each transfer runs on its own handle on a Dispatch thread.
public enum Curl {
    /// Makes `request` on a background thread, passing the body to `onBody` there; `onBody` returns false to stop.
    public static func perform(_ request: CurlRequest,
                               onBody: @escaping @Sendable (UnsafeRawBufferPointer) -> Bool) async throws(CurlError) -> CurlResponse {
        let result: Result<CurlResponse, CurlError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                do throws(CurlError) {
                    let handle = try EasyHandle()
                    continuation.resume(returning: .success(try handle.perform(request, onBody: onBody)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
