import DIMSTestSupport
import Foundation
import Testing

/// The native `cost` measure against moto's S3 API on 127.0.0.1, through the dims binary.
struct CostTests {
    struct Listed: Decodable { var Key: String; var Size: Int64; var StorageClass: String }

    /// Puts objects with storage classes into a new bucket with boto3 and returns boto3's own listing of it.
    func put(_ objects: [(key: String, megabytes: Int, storageClass: String)], bucket: String, port: Int) throws -> [Listed] {
        let script = """
            import json, sys, boto3
            port, bucket, spec = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
            s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                              aws_access_key_id="AKIDSEED", aws_secret_access_key="seed-secret")
            s3.create_bucket(Bucket=bucket)
            for key, megabytes, storage_class in spec:
                s3.put_object(Bucket=bucket, Key=key, Body=b"c" * (megabytes * 1048576 + 7), StorageClass=storage_class)
            listed = [{"Key": o["Key"], "Size": o["Size"], "StorageClass": o.get("StorageClass", "STANDARD")}
                      for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket) for o in page.get("Contents", [])]
            print(json.dumps(listed))
            """
        let spec = try JSONSerialization.data(withJSONObject: objects.map { [$0.key, $0.megabytes, $0.storageClass] as [Any] })
        let result = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", script, String(port), bucket, String(decoding: spec, as: UTF8.self)])
        guard result.status == 0 else { throw FixtureError(message: "boto3 could not seed '\(bucket)': \(result.stderr)") }
        return try JSONDecoder().decode([Listed].self, from: Data(result.stdout.utf8))
    }

    var credentials: [String: String] {
        ["AWS_ACCESS_KEY_ID": "AKIDE2E", "AWS_SECRET_ACCESS_KEY": "cost-secret", "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"]
    }

    /// The original's cost one-liner (size in GB × 0.023 + 29) and `measure: cost` with `fixed_monthly: 29` give the
    /// same value; a bucket of mixed storage classes costs each class at its own price.
    @Test func oneLinerAndNativeCostAgree() throws {
        let server = try FixtureProcess(script: "moto_server.py", arguments: ["e2e-bucket", "300", "-"])
        _ = try put((0..<5).map { ("big/part-\($0).bin", 8, "STANDARD") }, bucket: "e2e-bucket", port: server.port)
        let mixed = try put([("hot/a.bin", 3, "STANDARD"), ("warm/b.bin", 2, "STANDARD_IA"), ("cold/c.bin", 1, "GLACIER"),
                             ("cold/d.bin", 1, "DEEP_ARCHIVE")], bucket: "cost-classes", port: server.port)
        #expect(Set(mixed.map(\.StorageClass)) == ["STANDARD", "STANDARD_IA", "GLACIER", "DEEP_ARCHIVE"])
        let project = try TestProject(config: """
            version: "1.0.0"
            s3: {endpoint: "http://127.0.0.1:\(server.port)", region: us-east-1}
            costs:
              fixed_monthly: {support: 20, requests: 9}
            metrics:
              s3_storage:
                total_size_gb: {source: s3, bucket: e2e-bucket, measure: size, unit: GB, parse_type: float}
              cost:
                monthly_one_liner: {source: formula, formula: "s3_storage.total_size_gb * 0.023 + 29", parse_type: float, precision: 6}
                monthly_native: {source: s3, bucket: e2e-bucket, measure: cost, precision: 6, parse_type: float}
                classes: {source: s3, bucket: cost-classes, measure: cost, fixed_monthly: 0, precision: 6, parse_type: float}
            """)
        let result = try project.dims("verify", "--update", "--json", environment: credentials)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let metrics = (json["metrics"] as? [[String: Any]]) ?? []
        func value(_ path: String) -> Double? { metrics.first { $0["path"] as? String == path }?["value"] as? Double }
        let oneLiner = try #require(value("cost.monthly_one_liner"))
        #expect(oneLiner > 29.0009, "the 40 MB of big objects cost something: \(oneLiner)")
        #expect(value("cost.monthly_native") == oneLiner)

        let prices = ["STANDARD": 0.023, "STANDARD_IA": 0.0125, "GLACIER": 0.0036, "DEEP_ARCHIVE": 0.00099]
        let expected = mixed.reduce(0.0) { $0 + Double($1.Size) / 1_073_741_824 * (prices[$1.StorageClass] ?? .nan) }
        #expect(abs((value("cost.classes") ?? -1) - (expected * 1e6).rounded() / 1e6) < 1e-9, "\(String(describing: value("cost.classes"))) vs \(expected)")
    }

    /// A price from the config replaces the default; a price that is not a number stops the command.
    @Test func configuredPriceIsUsedAndBadPricesStop() throws {
        let server = try FixtureProcess(script: "moto_server.py", arguments: [])
        _ = try put([("a.bin", 1, "STANDARD_IA")], bucket: "priced", port: server.port)
        let config = """
            version: "1.0.0"
            s3: {endpoint: "http://127.0.0.1:\(server.port)", region: us-east-1}
            costs:
              storage_gb_month: {STANDARD_IA: PRICE}
            metrics:
              cost:
                monthly: {source: s3, bucket: priced, measure: cost}
            """
        let custom = try TestProject(config: config.replacingOccurrences(of: "PRICE", with: "1000"))
        let result = try custom.dims("verify", environment: credentials)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("cost.monthly: 0.98"), "1 MB at 1,000 $/GB: \(result.stdout)")
        let bad = try TestProject(config: config.replacingOccurrences(of: "PRICE", with: "cheap"))
        let refused = try bad.dims("verify", environment: credentials)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("'costs.storage_gb_month.STANDARD_IA' must be an amount of 0 or more"), "\(refused.stderr)")
    }

    /// `explain` names the prefixes that changed between two readings of a moto bucket, with numbers that add up to
    /// the metric's change, for counts, sizes and costs alike.
    @Test func explainNamesThePrefixesThatMoved() throws {
        let server = try FixtureProcess(script: "moto_server.py", arguments: ["e2e-bucket", "300", "-"])
        let project = try TestProject(config: """
            version: "1.0.0"
            cache: {enabled: false}
            s3: {endpoint: "http://127.0.0.1:\(server.port)", region: us-east-1}
            metrics:
              s3_storage:
                total_objects: {source: s3, bucket: e2e-bucket, measure: count}
                total_size_mb: {source: s3, bucket: e2e-bucket, measure: size, unit: MB, precision: 3, parse_type: float}
                monthly_cost: {source: s3, bucket: e2e-bucket, measure: cost, fixed_monthly: 29, precision: 4, parse_type: float}
                newest_hours: {source: s3, bucket: e2e-bucket, measure: newest_age_hours}
            """)
        project.now = "2025-10-15T09:00:00Z"
        #expect(try project.dims("verify", "--update", environment: credentials).status == 0)
        let none = try project.dims("explain", "s3_storage.total_objects", "--since", "2025-10-15", environment: credentials)
        #expect(none.status == 2)
        #expect(none.stderr.contains("No breakdown of 's3_storage.total_objects' was recorded after 2025-10-15T09:00:00Z"), "\(none.stderr)")

        _ = try put((0..<50).map { ("espn_play_by_play/game-\($0).json", 1, "STANDARD") }, bucket: "e2e-bucket", port: server.port)
        _ = try put((0..<3).map { ("espn_schedules/day-\($0).json", 0, "STANDARD") }, bucket: "e2e-bucket", port: server.port)
        project.now = "2025-10-20T09:00:00Z"
        #expect(try project.dims("verify", environment: credentials).status != 2)

        let text = try project.dims("explain", "s3_storage.total_objects", "--since", "2025-10-15", environment: credentials)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("s3_storage.total_objects: +53 since 2025-10-15 (300 → 353): espn_play_by_play/ +50, espn_schedules/ +3\n"),
                "\(text.stdout)")
        for metric in ["s3_storage.total_objects", "s3_storage.total_size_mb", "s3_storage.monthly_cost"] {
            let result = try project.dims("explain", metric, "--since", "2025-10-15", "--json", environment: credentials)
            #expect(result.status == 0, "\(result.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let parts = try #require(json["parts"] as? [[String: Any]])
            #expect(parts.compactMap { $0["name"] as? String } == ["espn_play_by_play/", "espn_schedules/"], "\(metric): \(parts)")
            let change = try #require(json["change"] as? Double)
            let sum = parts.compactMap { $0["change"] as? Double }.reduce(0, +) + ((json["rest_change"] as? Double) ?? .nan)
            #expect(abs(sum - change) < 1e-9 && change > 0, "\(metric): \(sum) vs \(change)")
        }
        let age = try project.dims("explain", "s3_storage.newest_hours", environment: credentials)
        #expect(age.status == 2)
        #expect(age.stderr.contains("explain needs a reading of an S3 count, size, cost or count_smaller_than metric"), "\(age.stderr)")
    }

    /// The cost's history before its first reading follows from the size readings of its listing: 40 days of size
    /// history give the cost 40 derived days (at the price per GB its first reading shows), marked as such, and the
    /// forecast's trend runs over them.
    @Test func costHistoryFollowsFromSizeHistory() throws {
        let server = try FixtureProcess(script: "moto_server.py", arguments: ["e2e-bucket", "300", "-"])
        let listed = try put((0..<20).map { ("espn_play_by_play/game-\($0).json", 1, "STANDARD") }, bucket: "e2e-bucket", port: server.port)
        let megabytes = Double(listed.reduce(0) { $0 + $1.Size }) / 1_048_576
        let project = try TestProject(config: """
            version: "1.0.0"
            cache: {enabled: false}
            s3: {endpoint: "http://127.0.0.1:\(server.port)", region: us-east-1}
            metrics:
              s3_storage:
                total_size_mb: {source: s3, bucket: e2e-bucket, measure: size, unit: MB, precision: 6, parse_type: float}
                monthly_cost: {source: s3, bucket: e2e-bucket, measure: cost, fixed_monthly: 29, precision: 8, parse_type: float}
            """)
        // The size grew by 1 % of today's size a day from 2025-09-01 to 2025-10-10; the cost metric did not exist yet.
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        for index in 0..<40 {
            let date = formatter.string(from: Date(timeIntervalSince1970: 1_756_684_800 + Double(index) * 86_400))
            let size = megabytes * (0.56 + 0.01 * Double(index))
            project.write("metadata: {snapshot_date: '\(date)'}\ns3_storage:\n  total_size_mb: {value: \(String(format: "%.6f", size)), last_verified: '\(date)T06:00:00'}\n",
                          to: "inventory/historical/\(date).yaml")
        }
        project.now = "2025-10-15T09:00:00Z"
        #expect(try project.dims("verify", "--update", environment: credentials).status == 0)

        let result = try project.dims("forecast", "s3_storage.monthly_cost", "--days", "30", "--json", environment: credentials)
        #expect(result.status == 0, "\(result.stderr)")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let derived = try #require(answer["derived"] as? [String: Any], "\(answer)")
        #expect(derived["days"] as? Int == 40)
        #expect(derived["from"] as? String == "2025-09-01")
        #expect(derived["until"] as? String == "2025-10-10")
        #expect(derived["inputs"] as? [String] == ["s3_storage.total_size_mb"])
        let forecast = try #require(answer["forecast"] as? [String: Any])
        #expect(forecast["points"] as? Int == 41)
        #expect(forecast["status"] as? String == "fit", "\(forecast)")
        let first = try #require((forecast["first"] as? [String: Any])?["value"] as? Double)
        let expected = 29 + megabytes * 0.56 / 1024 * 0.023
        #expect(abs(first - expected) < 1e-6, "\(first) vs \(expected)")
        let slope = try #require(forecast["slope_per_day"] as? Double)
        #expect(abs(slope - megabytes * 0.01 / 1024 * 0.023) < 1e-7, "\(slope)")

        let text = try project.dims("forecast", "s3_storage.monthly_cost", environment: credentials)
        #expect(text.stdout.contains("Derived: 40 days from 2025-09-01 to 2025-10-10 follow from s3_storage.total_size_mb (no reading of s3_storage.monthly_cost then)"),
                "\(text.stdout)")
    }
}
