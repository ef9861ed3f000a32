import DIMSTestSupport
import DIMSCore
@testable import DIMSS3
import Foundation
import NIOConcurrencyHelpers
import Testing

/// Records the pauses a retry policy asks for, returning at once.
final class SleepRecorder: Sendable {
    private let recorded = NIOLockedValueBox<[Duration]>([])
    var delays: [Duration] { recorded.withLockedValue { $0 } }

    func policy(maxAttempts: Int = 5) -> S3RetryPolicy {
        S3RetryPolicy(maxAttempts: maxAttempts, baseDelay: .milliseconds(100)) { delay in self.recorded.withLockedValue { $0.append(delay) } }
    }
}

struct S3FaultTests {
    let bucket: SeededBucket
    let proxy: FaultProxy
    let home: TemporaryDirectory
    let run: S3TestRun
    let sleeps = SleepRecorder()
    var truth: S3Truth { S3Truth(objects: bucket.truth) }
    /// The requests of one full pass over the seeded bucket.
    var fullPages: Int { truth.requests(prefix: "") }

    init() throws {
        bucket = try SeededBucket.shared()
        proxy = try FaultProxy(upstream: bucket.server.port, accessKey: S3TestRun.accessKey, secret: S3TestRun.secret)
        home = TemporaryDirectory("dims-s3")
        run = S3TestRun(endpoint: proxy.endpoint, home: home.path)
    }

    var source: S3Source { S3Source(retry: sleeps.policy()) }
    var total: MetricSpec { S3TestRun.spec("total_objects", ["measure": .string("count")]) }

    /// Twenty metrics of one bucket cost one pass over it: a first page, one delimited listing, and each later folder's pages.
    @Test func twentyMetricsOfABucketShareOneListing() async throws {
        let prefixes = ["", "hoopr_parquet/", "hoopr_parquet/season=2021/", "raw/", "raw/box/", "weird/", "deep/", "espn/schedule/", "misc/", "m"]
        let specs = prefixes.enumerated().flatMap { index, prefix in
            [S3TestRun.spec("count_\(index)", ["prefix": .string(prefix)]),
             S3TestRun.spec("size_\(index)", ["prefix": .string(prefix), "measure": .string("size"), "unit": .string("MB")], precision: 2)]
        }
        let results = await run.measure(specs, source: source)
        for (index, prefix) in prefixes.enumerated() {
            #expect(results[MetricPath("s3_storage.count_\(index)")] == .value(.integer(Int64(truth.matching(prefix: prefix).count))))
        }
        #expect(try await proxy.requestCount() == fullPages)
    }

    /// One listing at a time, every request of a run, retries included, goes over a single kept-alive connection.
    @Test func requestsOfARunReuseTheirConnection() async throws {
        try await proxy.inject(["slowdown"])
        let serial = S3Source(retry: sleeps.policy(), concurrency: 1)
        let results = await run.measure([total], source: serial)
        #expect(results[total.path] == .value(.integer(Int64(truth.objects.count))))
        #expect(try await proxy.requestCount() == fullPages + 1)
        #expect(try await proxy.connectionCount() == 1)
    }

    /// Without a metric over the whole bucket, only the smallest covering prefixes are listed, each once.
    @Test func nestedPrefixesAreListedOnceThroughTheirCover() async throws {
        let prefixes = ["hoopr_parquet/", "hoopr_parquet/season=2021/", "hoopr_parquet/season=2022/part-0", "weird/", "weird/a"]
        let specs = prefixes.enumerated().map { S3TestRun.spec("count_\($0)", ["prefix": .string($1)]) }
        let results = await run.measure(specs, source: source)
        for (index, prefix) in prefixes.enumerated() {
            #expect(results[MetricPath("s3_storage.count_\(index)")] == .value(.integer(Int64(truth.matching(prefix: prefix).count))))
        }
        let expected = truth.requests(prefix: "hoopr_parquet/") + truth.requests(prefix: "weird/")
        #expect(try await proxy.requestCount() == expected)
    }

    /// SlowDown, an internal error and a page cut short are each retried, with growing pauses, and nothing counts twice.
    @Test func slowDownServerErrorAndTruncatedPageAreRetried() async throws {
        try await proxy.inject(["slowdown", "error500", "truncate"])
        let results = await run.measure([total], source: source)
        #expect(results[total.path] == .value(.integer(Int64(truth.objects.count))))
        #expect(try await proxy.requestCount() == fullPages + 3)
        #expect(sleeps.delays.count == 3)
        #expect(sleeps.delays.first.map { $0 >= .milliseconds(50) && $0 <= .milliseconds(100) } == true)
        #expect(sleeps.delays.last.map { $0 >= .milliseconds(200) && $0 <= .milliseconds(400) } == true)
    }

    /// A listing that hands back a continuation token it gave before stops with an ERROR instead of listing forever.
    @Test func repeatedContinuationTokenStopsTheListing() async throws {
        try await proxy.inject(Array(repeating: "loop", count: 60))
        let results = await run.measure([total], source: source)
        guard case .failure(let reason)? = results[total.path] else { Issue.record("expected an error, got \(String(describing: results[total.path]))"); return }
        #expect(reason.contains("repeats an earlier continuation token, so the listing would never end"), "\(reason)")
        #expect(try await proxy.requestCount() < 20)
    }

    /// A negative object size is an ERROR after the retries, never a number that moves a baseline.
    @Test func negativeSizeIsAnError() async throws {
        try await proxy.inject(Array(repeating: "negative_size", count: 5))
        let results = await run.measure([total], source: source)
        #expect(results[total.path] == .failure("Listing 's3://\(SeededBucket.name)/' failed after 5 attempts: "
                                                + "The listing is not valid XML: an object size '-5' that is not a whole number of bytes"))
    }

    /// A response that stalls past the stall timeout is abandoned and tried again.
    @Test func stallPastTheTimeoutIsRetried() async throws {
        try await proxy.inject(["stall"])
        let impatient = S3Source(retry: sleeps.policy(), timeouts: S3Timeouts(stall: .seconds(3)))
        let results = await run.measure([total], source: impatient)
        #expect(results[total.path] == .value(.integer(Int64(truth.objects.count))))
        // At least the stalled request once more; a machine loaded enough to keep a real page past 3 s retries that too.
        #expect(try await proxy.requestCount() >= fullPages + 1)
    }

    /// When SlowDown persists, the metric fails after the configured attempts with S3's code and message.
    @Test func retriesStopAfterTheConfiguredAttempts() async throws {
        try await proxy.inject(Array(repeating: "slowdown", count: 6))
        let limited = S3Source(retry: sleeps.policy(maxAttempts: 3))
        let results = await run.measure([total, S3TestRun.spec("hoopr", ["prefix": .string("hoopr_parquet/")])], source: limited)
        #expect(results[total.path] == .failure("Listing 's3://\(SeededBucket.name)/' failed after 3 attempts: SlowDown: Please reduce your request rate"))
        #expect(results["s3_storage.hoopr"] == results[total.path])
        #expect(try await proxy.requestCount() == 3)
    }

    /// AccessDenied is not retried: one request, and the metric fails with S3's code.
    @Test func accessDeniedFailsAtOnce() async throws {
        try await proxy.inject(["forbidden"])
        let results = await run.measure([total], source: source)
        #expect(results[total.path] == .failure("Listing 's3://\(SeededBucket.name)/' failed: AccessDenied: Access Denied"))
        #expect(try await proxy.requestCount() == 1)
        #expect(sleeps.delays.isEmpty)
    }

    /// A bucket in another region costs one redirected request; the rest of the run signs for the region S3 named.
    @Test func bucketInAnotherRegionIsFollowedOnce() async throws {
        try await proxy.moveBucket(to: "eu-west-1")
        let results = await run.measure([total], source: source)
        #expect(results[total.path] == .value(.integer(Int64(truth.objects.count))))
        #expect(try await proxy.requestCount() == fullPages + 1)
        #expect(sleeps.delays.isEmpty)
    }

    /// Prefixes with spaces, `+`, `%`, `=`, `?`, quotes and unicode are encoded the way SigV4 signs them.
    @Test func specialPrefixesAreSignedAsBotocoreSignsThem() async throws {
        let prefixes = ["weird/café/über 日本", "weird/a+b", "weird/100%", "weird/x&y<z>'q\"", "weird/~tilde=eq?", "weird/line\nbreak"]
        let specs = prefixes.enumerated().map { S3TestRun.spec("p\($0)", ["prefix": .string($1)]) }
        let results = await run.measure(specs, source: source)
        for (index, prefix) in prefixes.enumerated() {
            #expect(results[MetricPath("s3_storage.p\(index)")] == .value(.integer(Int64(truth.matching(prefix: prefix).count))), "\(prefix)")
        }
        #expect(try await proxy.requestCount() == prefixes.count)
    }

    /// A session token is sent in `x-amz-security-token` and signed; the proxy checks every signature with botocore.
    @Test func sessionTokenIsSentAndSigned() async throws {
        var withToken = run
        withToken.environment["AWS_SESSION_TOKEN"] = "FwoGZXIvYXdzE+token/with=specials"
        let results = await withToken.measure([total], source: source)
        #expect(results[total.path] == .value(.integer(Int64(truth.objects.count))))
    }

    /// A wrong secret gives SignatureDoesNotMatch at once, and the secret appears nowhere in the error.
    @Test func wrongSecretFailsWithoutRevealingIt() async throws {
        var wrong = run
        let secret = "wrong-secret-\(UUID().uuidString)"
        wrong.environment["AWS_SECRET_ACCESS_KEY"] = secret
        let results = await wrong.measure([total], source: source)
        guard case .failure(let reason) = results[total.path] else { Issue.record("expected a failure"); return }
        #expect(reason.contains("SignatureDoesNotMatch"))
        #expect(!reason.contains(secret))
        #expect(try await proxy.requestCount() == 1)
    }
}
