import Curl
import Foundation
import Testing

struct EasyHandleTests {
    let bucket: SeededBucket

    init() throws { bucket = try SeededBucket.shared() }

    /// The body arrives through the callback and the status and headers come back with the response.
    @Test func requestStreamsTheBodyAndReturnsStatusAndHeaders() throws {
        let handle = try EasyHandle()
        var body = Data()
        let response = try handle.perform(CurlRequest(url: "\(bucket.endpoint)/no-such-bucket?list-type=2")) { chunk in
            body.append(contentsOf: chunk)
            return true
        }
        #expect(response.status == 404)
        #expect(response.header("Content-Type")?.contains("xml") == true)
        #expect(String(decoding: body, as: UTF8.self).contains("<Code>NoSuchBucket</Code>"))
    }

    /// The same handle makes a second request after the first.
    @Test func handleIsReusable() async throws {
        let handle = try EasyHandle()
        for _ in 0..<2 {
            let response = try handle.perform(CurlRequest(url: "\(bucket.endpoint)/no-such-bucket")) { _ in true }
            #expect(response.status == 404)
        }
    }

    @Test func callbackReturningFalseAbortsTheTransfer() throws {
        let handle = try EasyHandle()
        let error = #expect(throws: CurlError.self) {
            try handle.perform(CurlRequest(url: "\(bucket.endpoint)/no-such-bucket")) { _ in false }
        }
        #expect(error?.code == .aborted)
    }

    /// Nothing listens on port 1 of the loopback interface.
    @Test func closedPortIsACouldNotConnectError() async throws {
        let error = await #expect(throws: CurlError.self) {
            try await Curl.perform(CurlRequest(url: "http://127.0.0.1:1/", connectTimeout: .seconds(2))) { _ in true }
        }
        #expect(error?.code == .couldNotConnect)
    }
}
