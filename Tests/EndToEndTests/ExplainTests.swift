import DIMSTestSupport
import Foundation
import Testing

/// `dims explain` over the file walk's breakdowns by top-level folder, run as a user runs it.
struct ExplainTreeTests {
    func json(_ result: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    /// Files added to two folders and removed from a third: `explain` names those folders (not the untouched one), with
    /// changes that add up to the metric's, for files, lines and bytes alike.
    @Test func explainNamesTheFoldersThatMoved() throws {
        let project = try TestProject(config: """
            version: "1.0.0"
            cache: {enabled: false}
            metrics:
              data:
                files: {source: files, paths: lake}
                csv_lines: {source: lines, paths: lake, include: "*.csv"}
                kilobytes: {source: bytes, paths: lake, unit: KB, precision: 2, parse_type: float}
                newest_hours: {source: age, paths: lake, parse_type: float}
            """)
        func csv(_ path: String, rows: Int) { project.write((0..<rows).map { "\($0),value \($0)" }.joined(separator: "\n") + "\n", to: path) }
        for index in 0..<40 { csv("lake/espn_play_by_play/2025/game-\(index).csv", rows: 10) }
        for index in 0..<5 { csv("lake/espn_schedules/day-\(index).csv", rows: 3) }
        for index in 0..<8 { csv("lake/old/part-\(index).csv", rows: 3) }
        for index in 0..<6 { csv("lake/untouched/keep-\(index).csv", rows: 4) }
        project.write("a lake of files\n", to: "lake/README.md")
        project.now = "2025-10-15T09:00:00Z"
        #expect(try project.dims("verify", "--update").status == 0)

        for index in 40..<90 { csv("lake/espn_play_by_play/2025/game-\(index).csv", rows: 10) }
        for index in 5..<8 { csv("lake/espn_schedules/day-\(index).csv", rows: 3) }
        for index in 0..<5 { try FileManager.default.removeItem(atPath: project.root + "/lake/old/part-\(index).csv") }
        project.now = "2025-10-20T09:00:00Z"
        #expect(try project.dims("verify").status != 2)

        let text = try project.dims("explain", "data.files", "--since", "2025-10-15")
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("data.files: +48 since 2025-10-15 (60 → 108): lake/espn_play_by_play/ +50, lake/old/ -5, lake/espn_schedules/ +3\n"),
                "\(text.stdout)")
        #expect(!text.stdout.contains("untouched"), "\(text.stdout)")
        let expected: [String: Double] = ["data.files": 48, "data.csv_lines": 50 * 10 + 3 * 3 - 5 * 3]
        for metric in ["data.files", "data.csv_lines", "data.kilobytes"] {
            let result = try project.dims("explain", metric, "--since", "2025-10-15", "--json")
            #expect(result.status == 0, "\(result.stderr)")
            let answer = try json(result)
            let parts = try #require(answer["parts"] as? [[String: Any]])
            #expect(parts.compactMap { $0["name"] as? String } == ["lake/espn_play_by_play/", "lake/old/", "lake/espn_schedules/"], "\(metric): \(parts)")
            let change = try #require(answer["change"] as? Double)
            let sum = parts.compactMap { $0["change"] as? Double }.reduce(0, +) + ((answer["rest_change"] as? Double) ?? .nan)
            #expect(abs(sum - change) < 1e-9 && change > 0, "\(metric): \(sum) vs \(change)")
            if let value = expected[metric] { #expect(change == value, "\(metric)") }
        }
        let age = try project.dims("explain", "data.newest_hours")
        #expect(age.status == 2)
        #expect(age.stderr.contains("or of a files, lines, bytes or grep metric"), "\(age.stderr)")
    }
}
