import Curl
import DIMSTestSupport
import Foundation
import NIOConcurrencyHelpers
@testable import DIMSS3

/// A moto server with a seeded bucket, shared by the tests of this target, and the truth read back by boto3.
final class SeededBucket: Sendable {
    static let name = "nba-sim-raw-data-lake"
    static let objectCount = 3_200

    let server: FixtureProcess
    let truth: [S3Object]
    var endpoint: String { "http://127.0.0.1:\(server.port)" }

    private init() throws {
        let truthFile = FileManager.default.temporaryDirectory.appendingPathComponent("dims-s3-truth-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: truthFile) }
        server = try FixtureProcess(script: "moto_server.py", arguments: [Self.name, String(Self.objectCount), truthFile.path])
        let lines = try String(contentsOf: truthFile, encoding: .utf8).split(separator: "\n")
        truth = try lines.map { line in
            let row = try JSONDecoder().decode(TruthRow.self, from: Data(line.utf8))
            return S3Object(key: row.key, size: row.size, lastModified: row.modified)
        }
    }

    private struct TruthRow: Decodable {
        var key: String
        var size: Int64
        var modified: Int64
    }

    private static let instance = Result { try SeededBucket() }

    /// The shared server, started on first use.
    static func shared() throws -> SeededBucket { try instance.get() }
}

/// A fault-injecting, signature-checking proxy in front of a server, with its own request count.
final class FaultProxy: Sendable {
    let process: FixtureProcess
    var endpoint: String { "http://127.0.0.1:\(process.port)" }

    init(upstream: Int, accessKey: String, secret: String) throws {
        process = try FixtureProcess(script: "fault_proxy.py", arguments: [String(upstream), accessKey, secret])
    }

    /// Queues `faults` (`slowdown`, `error500`, `truncate`, `stall`, `forbidden`) for the next requests.
    func inject(_ faults: [String]) async throws {
        _ = try await control("faults?list=\(faults.joined(separator: ","))")
    }

    /// Makes the proxy answer 301 PermanentRedirect to requests signed for a region other than `region`.
    func moveBucket(to region: String) async throws {
        _ = try await control("region?name=\(region)")
    }

    /// The S3 requests the proxy has seen so far.
    func requestCount() async throws -> Int {
        let text = try await control("count")
        guard let count = Int(text) else { throw FixtureError(message: "The proxy answered '\(text)' for its count") }
        return count
    }

    /// The connections that carried the S3 requests so far.
    func connectionCount() async throws -> Int {
        let text = try await control("connections")
        guard let count = Int(text) else { throw FixtureError(message: "The proxy answered '\(text)' for its connections") }
        return count
    }

    private func control(_ path: String) async throws -> String {
        let body = BodyCollector()
        _ = try await Curl.perform(CurlRequest(url: "\(endpoint)/__control/\(path)")) { body.append($0); return true }
        return body.text
    }
}

/// Collects a response body from libcurl's thread.
final class BodyCollector: Sendable {
    private let data = NIOLockedValueBox(Data())

    func append(_ chunk: UnsafeRawBufferPointer) { data.withLockedValue { $0.append(contentsOf: chunk) } }
    var text: String { data.withLockedValue { String(decoding: $0, as: UTF8.self) } }
}
