import DIMSTestSupport
import Foundation
import Testing

/// A project in the original system's format with 66 shell-command metrics over a generated tree and a moto bucket
/// (Tools/bench/migrate/make_fixture.py): `config migrate --write` writes a config that loads, and every metric
/// measures after the migration what its original command measured.
struct MigrationFixtureTests {
    static let bucket = "nba-sim-raw-data-lake"

    @Test func everyMetricKeepsItsValueThroughTheMigration() throws {
        let server = try FixtureProcess(script: "moto_server.py", arguments: [Self.bucket, "1500", "-"])
        let project = try TestProject()
        let generator = ProcessRunner.packageRoot + "/Tools/bench/migrate/make_fixture.py"
        let made = try ProcessRunner.run("/usr/bin/env", ["python3", generator, project.root, Self.bucket])
        #expect(made.status == 0, "\(made.stderr)")
        #expect((Int(made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) >= 60)
        let environment = [
            "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:\(server.port)", "AWS_ACCESS_KEY_ID": "AKIDFIXTURE", "AWS_SECRET_ACCESS_KEY": "fixture-secret",
            "AWS_REGION": "us-east-1", "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
        ]
        let before = try project.dims("verify", "--no-cache", "--json", environment: environment)
        #expect(before.status != 2, "every original command runs: \(before.stdout)")

        let migrate = try project.dims("config", "migrate", "--write", environment: environment)
        #expect(migrate.status == 0, "\(migrate.stderr)")
        let summary = try #require(migrate.stdout.firstMatch(of: /([0-9]+) of ([0-9]+) rewrites proven \(([0-9]+) %\)/), "\(migrate.stdout)")
        #expect((Int(summary.3) ?? 0) >= 90, "the proven share: \(summary.0)")
        #expect((Int(summary.2) ?? 0) >= 50)
        #expect(migrate.stdout.contains("s3_storage.boto_unpaginated_total: kept as a command: the command gives 1000, the native source 1500"))
        #expect(migrate.stdout.contains("documentation.guide_lines: 'docs/removed_plan.md' does not exist now"))
        #expect(migrate.stdout.contains("code_base.top_level_entries: kept as a command: no native source matches it exactly"))
        #expect(migrate.stdout.contains("code_base.archived_csv: proven: the command and the native source both give 0"), "\(migrate.stdout)")
        #expect(migrate.stdout.contains("code_base.archived_csv: 'archive/old' does not exist now"))
        for metric in ["monthly_cost_usd", "box_share_pct", "newest_raw_age_days", "oldest_hoopr_age_hours"] {
            #expect(migrate.stdout.contains("s3_storage.\(metric): proven:"), "\(metric): \(migrate.stdout)")
        }
        let config = project.read("inventory/config.yaml") ?? ""
        #expect(config.contains("formula: \"round(s3_storage.total_bytes / 1073741824, 2) * 0.023 + 29\""), "\(config)")
        #expect(config.contains("formula: \"round(s3_storage.boto_box_keycount / s3_storage.boto_raw_keycount * 100, 1)\""), "\(config)")
        #expect(config.contains("measure: newest_age\n      unit: days"))
        #expect(config.components(separatedBy: "source: s3").count - 1 >= 20, "\(config)")
        #expect(!config.contains("precision: 3\n      precision"), "no key is written twice")

        // The commands read the real clock (`date +%s`), so the native ages must too.
        let now = ISO8601DateFormatter().string(from: Date())
        let after = try project.dims("verify", "--no-cache", "--json", environment: environment.merging(["DIMS_NOW": now]) { $1 })
        #expect(after.status != 2, "the migrated config loads and every metric measures: \(after.stdout) \(after.stderr)")
        let old = Self.values(before.stdout), new = Self.values(after.stdout)
        #expect(old.count >= 60)
        #expect(old == new, "changed: \(old.filter { new[$0.key] != $0.value })")
    }

    static func values(_ json: String) -> [String: String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let metrics = object["metrics"] as? [[String: Any]] else { return [:] }
        var values: [String: String] = [:]
        for metric in metrics { if let path = metric["path"] as? String { values[path] = "\(metric["value"] ?? "none")" } }
        return values
    }
}
