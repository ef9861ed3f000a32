import DIMSTestSupport
import DIMSCore
@testable import DIMSS3
import Foundation
import NIOConcurrencyHelpers
import Testing

/// Helpers to build specs and contexts for a seeded moto server.
struct S3TestRun {
    static let accessKey = "AKIDDIMSTEST"
    static let secret = "dims-test-secret-5f1e0c"

    var endpoint: String
    var environment: [String: String]
    var now = Timestamp(seconds: 1_900_000_000)

    init(endpoint: String, home: String, extra: [String: String] = [:]) {
        self.endpoint = endpoint
        environment = ["HOME": home, "AWS_ACCESS_KEY_ID": Self.accessKey, "AWS_SECRET_ACCESS_KEY": Self.secret,
                       "AWS_ENDPOINT_URL_S3": endpoint, "AWS_REGION": "us-east-1"].merging(extra) { $1 }
    }

    static func spec(_ name: String, _ options: [String: ConfigValue], bucket: String = SeededBucket.name, precision: Int? = nil) -> MetricSpec {
        MetricSpec(path: MetricPath(category: "s3_storage", name: name), source: .s3,
                   options: options.merging(["bucket": .string(bucket)]) { old, _ in old }, precision: precision)
    }

    func measure(_ specs: [MetricSpec], source: S3Source = S3Source()) async -> [MetricPath: ProbeResult] {
        await source.measure(specs, context: ProbeContext(root: "/", environment: environment, clock: FixedClock(now)))
    }
}

/// Lines of progress collected from any thread.
final class ProgressLines: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])
    var all: [String] { lines.withLockedValue { $0 } }
    func append(_ line: String) { lines.withLockedValue { $0.append(line) } }
}

struct S3SourceTests {
    let bucket: SeededBucket
    let home: TemporaryDirectory
    let run: S3TestRun
    var truth: S3Truth { S3Truth(objects: bucket.truth) }

    init() throws {
        bucket = try SeededBucket.shared()
        home = TemporaryDirectory("dims-s3")
        run = S3TestRun(endpoint: bucket.endpoint, home: home.path)
    }

    /// Every measure and filter, measured in one run, equals the value computed from boto3's listing.
    @Test func everyMeasureMatchesTheTruthOfTheSeededBucket() async throws {
        let all = truth.matching()
        let hoopr = truth.matching(prefix: "hoopr_parquet/", suffix: ".parquet")
        let newest = try #require(all.map(\.lastModified).max())
        let oldest = try #require(all.map(\.lastModified).min())
        let bytes = all.reduce(Int64(0)) { $0 + $1.size }
        let specs = [
            S3TestRun.spec("total_objects", ["measure": .string("count")]),
            S3TestRun.spec("total_size_kb", ["measure": .string("size"), "unit": .string("KB")], precision: 2),
            S3TestRun.spec("total_bytes", ["measure": .string("size")]),
            S3TestRun.spec("hoopr_files", ["prefix": .string("hoopr_parquet/"), "suffix": .string(".parquet"), "measure": .string("count")]),
            S3TestRun.spec("avg_size", ["measure": .string("avg_size")]),
            S3TestRun.spec("small_files", ["measure": .string("count_smaller_than"), "bytes": .integer(1024)]),
            S3TestRun.spec("mid_files", ["min_size": .integer(100), "max_size": .integer(1024)]),
            S3TestRun.spec("newest", ["measure": .string("newest_age_hours")]),
            S3TestRun.spec("oldest", ["measure": .string("oldest_age_days")], precision: 3),
            S3TestRun.spec("newest_days", ["measure": .string("newest_age")]),
            S3TestRun.spec("oldest_hours", ["measure": .string("oldest_age"), "unit": .string("hours")]),
            S3TestRun.spec("schedule_gaps", ["prefix": .string("espn/schedule/"), "measure": .string("date_gaps"), "date_pattern": .string("%Y%m%d")]),
            S3TestRun.spec("schedule_missing", ["prefix": .string("espn/schedule/"), "measure": .string("missing_days"), "date_pattern": .string("%Y%m%d")]),
            S3TestRun.spec("two_prefixes", ["prefixes": .list([.string("raw/box/"), .string("raw/pbp/")]), "measure": .string("size")]),
        ]
        let results = await run.measure(specs)
        #expect(results["s3_storage.total_objects"] == .value(.integer(Int64(all.count))))
        #expect(results["s3_storage.total_size_kb"] == .value(.float(Value.round(Double(bytes) / 1024, precision: 2))))
        #expect(results["s3_storage.total_bytes"] == .value(.integer(bytes)))
        #expect(results["s3_storage.hoopr_files"] == .value(.integer(Int64(hoopr.count))))
        #expect(results["s3_storage.avg_size"] == .value(.float(Value.round(Double(bytes) / Double(all.count), precision: 2))))
        #expect(results["s3_storage.small_files"] == .value(.integer(Int64(all.filter { $0.size < 1024 }.count))))
        #expect(results["s3_storage.mid_files"] == .value(.integer(Int64(truth.matching(minSize: 100, maxSize: 1024).count))))
        #expect(results["s3_storage.newest"] == .value(.float(Value.round((run.now.seconds - Double(newest)) / 3600, precision: 2))))
        #expect(results["s3_storage.oldest"] == .value(.float(Value.round((run.now.seconds - Double(oldest)) / 86_400, precision: 3))))
        // Whole units, rounded down as the original's `$(( (now - modified) / 86400 ))` divides.
        #expect(results["s3_storage.newest_days"] == .value(.integer((Int64(run.now.seconds) - newest) / 86_400)))
        #expect(results["s3_storage.oldest_hours"] == .value(.integer((Int64(run.now.seconds) - oldest) / 3_600)))
        #expect(results["s3_storage.schedule_gaps"] == .value(.integer(truth.scheduleGaps)))
        #expect(results["s3_storage.schedule_missing"] == .value(.integer(truth.scheduleMissingDays)))
        #expect(truth.scheduleGaps > 0 && truth.scheduleMissingDays > truth.scheduleGaps)
        let twoPrefixes = (truth.matching(prefix: "raw/box/") + truth.matching(prefix: "raw/pbp/")).reduce(Int64(0)) { $0 + $1.size }
        #expect(results["s3_storage.two_prefixes"] == .value(.integer(twoPrefixes)))
    }

    /// Keys with spaces, `+`, `%`, XML specials and unicode come back decoded, as boto3 decodes them.
    @Test func keysWithSpecialCharactersAreDecodedLikeBoto3() async {
        let specs = [
            S3TestRun.spec("weird", ["prefix": .string("weird/")]),
            S3TestRun.spec("cafe", ["prefix": .string("weird/café/über 日本")]),
            S3TestRun.spec("plus", ["prefix": .string("weird/a+b")]),
            S3TestRun.spec("percent", ["prefix": .string("weird/%2F lit")]),
            S3TestRun.spec("entities", ["prefix": .string("weird/x&y<z>'q\"")]),
            S3TestRun.spec("deep", ["prefix": .string("deep/level0/level1/level2/level3/level4/level5/level6/")]),
            S3TestRun.spec("controls", ["prefix": .string("weird/line\nbreak"), "suffix": .string(".txt")]),
            S3TestRun.spec("control", ["prefix": .string("weird/control\u{01}")]),
        ]
        let results = await run.measure(specs)
        for spec in specs {
            let prefix = spec["prefix"]?.string ?? ""
            #expect(results[spec.path] == .value(.integer(Int64(truth.matching(prefix: prefix).count))), "\(prefix)")
        }
        #expect(truth.matching(prefix: "weird/café/über 日本").count == 1)
        #expect(truth.matching(prefix: "weird/line\nbreak").count == 1)
    }

    /// A bucket that does not exist is an error naming S3's code, never a zero.
    @Test func missingBucketIsAnErrorCarryingNoSuchBucket() async {
        let spec = S3TestRun.spec("gone", ["measure": .string("count")], bucket: "no-such-bucket-here")
        let results = await run.measure([spec])
        guard case .failure(let reason) = results[spec.path] else { Issue.record("expected a failure"); return }
        #expect(reason.contains("NoSuchBucket"))
        #expect(reason.contains("s3://no-such-bucket-here/"))
    }

    /// Without credentials in the environment or the AWS files, the metric fails instead of reading zero.
    @Test func missingCredentialsAreAnErrorNotZero() async {
        var bare = run
        bare.environment = ["HOME": home.path, "AWS_ENDPOINT_URL_S3": bucket.endpoint]
        let results = await bare.measure([S3TestRun.spec("total_objects", [:])])
        guard case .failure(let reason) = results["s3_storage.total_objects"] else { Issue.record("expected a failure"); return }
        #expect(reason.contains("No AWS credentials"))
    }

    /// Credentials, region and endpoint can come from a named profile in `HOME/.aws`.
    @Test func profileFromTheAWSFilesIsUsed() async throws {
        let aws = "\(home.path)/.aws"
        try FileManager.default.createDirectory(atPath: aws, withIntermediateDirectories: true)
        try "[data]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n"
            .write(toFile: "\(aws)/credentials", atomically: true, encoding: .utf8)
        try "[profile data]\nregion = eu-west-1\nendpoint_url = \(bucket.endpoint)\n".write(toFile: "\(aws)/config", atomically: true, encoding: .utf8)
        var profiled = run
        profiled.environment = ["HOME": home.path, "AWS_PROFILE": "data"]
        let results = await profiled.measure([S3TestRun.spec("total_objects", [:])])
        #expect(results["s3_storage.total_objects"] == .value(.integer(Int64(truth.objects.count))))
    }

    /// Progress reports objects and pages listed so far, per bucket, ending with the whole pass.
    @Test func progressCountsObjectsAndPagesPerBucket() async {
        let lines = ProgressLines()
        let context = ProbeContext(root: "/", environment: run.environment, clock: FixedClock(run.now)) { lines.append($0) }
        _ = await S3Source().measure([S3TestRun.spec("total_objects", [:])], context: context)
        let pages = truth.requests(prefix: "")
        #expect(lines.all.count == pages)
        #expect(lines.all.contains("s3://\(SeededBucket.name): \(truth.objects.count) objects, \(pages) pages listed"))
    }

    /// An average over no objects is an error naming the listing, not a zero.
    @Test func averageOfNoObjectsIsAnError() async {
        let spec = S3TestRun.spec("empty_avg", ["prefix": .string("nothing-here/"), "measure": .string("avg_size")])
        let results = await run.measure([spec, S3TestRun.spec("empty_count", ["prefix": .string("nothing-here/")])])
        #expect(results[spec.path] == .failure("No object of 's3://\(SeededBucket.name)/nothing-here/' matches, so it has no average size"))
        #expect(results["s3_storage.empty_count"] == .value(.integer(0)))
    }

    /// A bad option is reported against its metric and does not stop the others.
    @Test func invalidMeasureFailsOnlyItsMetric() async {
        let results = await run.measure([S3TestRun.spec("bad", ["measure": .string("median")]), S3TestRun.spec("weird", ["prefix": .string("weird/")])])
        #expect(results["s3_storage.bad"] == .failure("S3 metric 's3_storage.bad' has an invalid 'measure': 'median'"))
        #expect(results["s3_storage.weird"] == .value(.integer(Int64(truth.matching(prefix: "weird/").count))))
    }
}
