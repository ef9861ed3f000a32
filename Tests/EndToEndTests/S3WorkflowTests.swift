import DIMSTestSupport
import Foundation
import Testing

/// S3 metrics through the dims binary, against moto's S3 API on 127.0.0.1.
struct S3WorkflowTests {
    static let secret = "e2e-secret-never-printed"

    struct Truth: Decodable { var key: String; var size: Int64 }

    func project(endpoint: String) throws -> TestProject {
        try TestProject(config: """
            version: "1.0.0"
            cache: {enabled: true, default_ttl_hours: 24}
            verification:
              volatile_metrics: [s3_storage]
            s3: {endpoint: "\(endpoint)", region: us-east-1, max_attempts: 2}
            metrics:
              s3_storage:
                total_objects: {source: s3, bucket: e2e-bucket, measure: count}
                total_size_mb: {source: s3, bucket: e2e-bucket, measure: size, unit: MB, precision: 3, parse_type: float}
                hoopr_files: {source: s3, bucket: e2e-bucket, prefix: hoopr_parquet/, suffix: .parquet, measure: count}
            """)
    }

    var credentials: [String: String] {
        ["AWS_ACCESS_KEY_ID": "AKIDE2E", "AWS_SECRET_ACCESS_KEY": Self.secret, "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"]
    }

    @Test func s3MetricsAreMeasuredCachedAndNeverLeakSecrets() throws {
        let dir = TemporaryDirectory("dims-s3-truth")
        let truthFile = dir.url("truth.jsonl")
        let server = try FixtureProcess(script: "moto_server.py", arguments: ["e2e-bucket", "1500", truthFile])
        let truth = try String(contentsOfFile: truthFile, encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(Truth.self, from: Data($0.utf8)) }
        let project = try project(endpoint: "http://127.0.0.1:\(server.port)")

        let first = try project.dims("verify", "--update", "--json", environment: credentials)
        #expect(first.status == 0, "\(first.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let metrics = (json["metrics"] as? [[String: Any]]) ?? []
        func value(_ path: String) -> Any? { metrics.first { $0["path"] as? String == path }?["value"] }
        #expect(value("s3_storage.total_objects") as? Int == truth.count)
        #expect(value("s3_storage.hoopr_files") as? Int == truth.filter { $0.key.hasPrefix("hoopr_parquet/") && $0.key.hasSuffix(".parquet") }.count)
        let megabytes = Double(truth.reduce(0) { $0 + $1.size }) / 1_048_576
        #expect(abs((value("s3_storage.total_size_mb") as? Double ?? -1) - (megabytes * 1000).rounded() / 1000) < 0.0005)

        let cached = try project.dims("verify", environment: credentials)
        #expect(cached.status == 0)
        #expect(cached.stdout.contains("3 of 3 values came from the cache"), "\(cached.stdout)")

        let export = project.root + "/log.dimslog.z"
        try project.dims("log", "export", export)
        let inflated = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", "import sys,zlib; sys.stdout.buffer.write(zlib.decompress(open(sys.argv[1],'rb').read()))", export])
        #expect(!inflated.stdout.contains(Self.secret))
        #expect(!first.stdout.contains(Self.secret) && !first.stderr.contains(Self.secret))
    }

    /// An unreachable endpoint is an ERROR with the reason, exit 2, and the baseline stays.
    @Test func unreachableEndpointIsAnErrorNotAZero() throws {
        let project = try project(endpoint: "http://127.0.0.1:9")
        let result = try project.dims("verify", "--update", environment: credentials)
        #expect(result.status == 2)
        #expect(result.stdout.contains("s3_storage.total_objects: ERROR"), "\(result.stdout)")
        #expect(!result.stdout.contains(": 0 ("))
        #expect(project.read("inventory/metrics.yaml") == nil, "no baseline moved, so metrics.yaml was not written")
    }
}
