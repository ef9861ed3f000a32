internal import Dispatch

/// Makes requests on a few kept easy handles, so that requests to the same host reuse their connections.
///
/// Each transfer runs on a Dispatch thread with a handle no other transfer holds; the caller awaits it.
public final class CurlSession: @unchecked Sendable {
    // @unchecked: `idle` is only touched on `queue`, and a handle taken from it is used by one transfer at a time.
    private let queue = DispatchQueue(label: "dims.curl.session")
    private var idle: [EasyHandle] = []
    private let maxIdle: Int

    /// A session that keeps at most `maxIdle` handles between transfers.
    public init(maxIdle: Int = 8) {
        self.maxIdle = maxIdle
    }

    /// Makes `request` on a background thread, passing the body to `onBody` there; `onBody` returns false to stop.
    public func perform(_ request: CurlRequest,
                        onBody: @escaping @Sendable (UnsafeRawBufferPointer) -> Bool) async throws(CurlError) -> CurlResponse {
        let result: Result<CurlResponse, CurlError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                do throws(CurlError) {
                    let handle = try self.take()
                    let result = Result { () throws(CurlError) in try handle.perform(request, onBody: onBody) }
                    self.give(handle)
                    continuation.resume(returning: result)
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    private func take() throws(CurlError) -> EasyHandle {
        if let handle = queue.sync(execute: { idle.popLast() }) { return handle }
        return try EasyHandle()
    }

    private func give(_ handle: EasyHandle) {
        queue.sync { if idle.count < maxIdle { idle.append(handle) } }
    }
}
