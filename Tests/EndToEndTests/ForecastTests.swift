import DIMSTestSupport
import Foundation
import Testing

/// `dims forecast` over generated history, run as a user runs it.
struct ForecastCommandTests {
    static let config = """
        version: "1.0.0"
        metrics:
          s3_storage:
            total_size_gb:
              command: "cat values/size.txt"
              parse_type: float
              limits: {max: 7000}
            noisy_objects:
              command: "cat values/noisy.txt"
              parse_type: integer
              limits: {min: 100}
        """

    /// A project whose `historical/` holds one snapshot a day for the year from 2024-01-01 of `values`
    /// (metric name to the value of day index 0...364), with "now" at the end of the last day.
    func project(days: Int = 365, _ values: [String: (Int) -> Double]) throws -> TestProject {
        let project = try TestProject(config: Self.config)
        for index in 0..<days {
            let date = Self.date(index)
            var text = "metadata: {snapshot_date: '\(date)'}\ns3_storage:\n"
            for (name, value) in values.sorted(by: { $0.key < $1.key }) {
                let number = value(index)
                let written = name == "noisy_objects" ? String(Int(number.rounded())) : String(format: "%.2f", number)
                text += "  \(name): {value: \(written), last_verified: '\(date)T06:00:00'}\n"
            }
            project.write(text, to: "inventory/historical/\(date).yaml")
        }
        project.now = "\(Self.date(days - 1))T23:00:00Z"
        return project
    }

    static func day(_ index: Int) -> Date { Date(timeIntervalSince1970: 1_704_067_200 + Double(index) * 86_400) }   // 2024-01-01
    static func date(_ index: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: day(index))
    }

    func json(_ result: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    /// Two years generated, the first year recorded: the forecast of the second year lies within its stated interval
    /// for the linear series; the noisy one is a poor fit and gives no numbers.
    @Test func secondYearIsForecastFromTheFirst() throws {
        var noise = SeededNoise(seed: 16)
        let size = (0..<730).map { 5_000 + 3.5 * Double($0) + 15 * noise.normal() }
        let noisy = (0..<730).map { 20_000 + 0.5 * Double($0) + 2_500 * noise.normal() }
        let project = try project(["total_size_gb": { size[$0] }, "noisy_objects": { noisy[$0] }])
        for ahead in [30, 180, 365] {
            let result = try project.dims("forecast", "s3_storage.total_size_gb", "--days", "\(ahead)", "--json")
            #expect(result.status == 0, "\(result.stderr)")
            let forecast = try #require(try json(result)["forecast"] as? [String: Any])
            #expect(forecast["status"] as? String == "fit")
            #expect(forecast["points"] as? Int == 365)
            let projection = try #require(forecast["forecast"] as? [String: Any])
            #expect(projection["date"] as? String == Self.date(364 + ahead))
            let low = try #require(projection["low"] as? Double), high = try #require(projection["high"] as? Double)
            let actual = (size[364 + ahead] * 100).rounded() / 100
            #expect(low <= actual && actual <= high, "\(ahead) days ahead: \(actual) outside \(low)...\(high)")
        }
        let text = try project.dims("forecast", "s3_storage.total_size_gb", "--until", Self.date(729))
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Trend: linear, +3.5"), "\(text.stdout)")
        #expect(text.stdout.contains("Forecast \(Self.date(729)) (in 365 days)"), "\(text.stdout)")
        #expect(text.stdout.contains("Limit max 7,000: reached around 2025-"), "\(text.stdout)")

        let poor = try project.dims("forecast", "s3_storage.noisy_objects", "--days", "365")
        #expect(poor.status == 0, "\(poor.stderr)")
        #expect(poor.stdout.contains("No forecast: poor fit"), "\(poor.stdout)")
        #expect(!poor.stdout.contains("Forecast 20"), "\(poor.stdout)")
        #expect(poor.stdout.contains("Limit min 100: not within it now; no date without a forecast (poor fit)"), "\(poor.stdout)")
        let poorJSON = try #require(try json(try project.dims("forecast", "s3_storage.noisy_objects", "--json"))["forecast"] as? [String: Any])
        #expect(poorJSON["status"] as? String == "poor_fit")
        #expect(poorJSON["forecast"] == nil || poorJSON["forecast"] is NSNull, "no forecast numbers: \(poorJSON)")
        #expect(poorJSON["growth"] == nil || poorJSON["growth"] is NSNull, "no growth numbers: \(poorJSON)")
    }

    /// A few days of history are too few, said with the count; bad options and unknown metrics exit 2.
    @Test func tooFewDaysAndBadInputAreSaid() throws {
        let project = try project(days: 4, ["total_size_gb": { 100 + Double($0) }])
        let result = try project.dims("forecast", "s3_storage.total_size_gb")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("No forecast: too few points (4 days with a value; a forecast needs at least 7)"), "\(result.stdout)")
        let unknown = try project.dims("forecast", "s3_storage.total_size")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Did you mean 's3_storage.total_size_gb'"), "\(unknown.stderr)")
        #expect(try project.dims("forecast", "s3_storage.total_size_gb", "--until", "2024-01-02").status == 2)
        #expect(try project.dims("forecast", "s3_storage.total_size_gb", "--until", "next year").status == 2)
        #expect(try project.dims("forecast", "s3_storage.total_size_gb", "--days", "0").status == 2)
    }

    /// A limit that is not a number, or not a limit, stops the command naming the key and line.
    @Test func badLimitsNameTheirKey() throws {
        let project = try TestProject(config: Self.config.replacingOccurrences(of: "{max: 7000}", with: "{max: lots}"))
        let result = try project.dims("forecast", "s3_storage.total_size_gb")
        #expect(result.status == 2)
        #expect(result.stderr.contains("metrics.s3_storage.total_size_gb.limits.max' must be a number"), "\(result.stderr)")
        let other = try TestProject(config: Self.config.replacingOccurrences(of: "{max: 7000}", with: "{maximum: 9000}"))
        #expect(try other.dims("verify").stderr.contains("is not a limit: use max, min or budget"))
    }

    /// `recommend` names a budget the growth reaches and docs that do not keep pace with code, with their numbers;
    /// `generate` carries the same list in its reports.
    @Test func recommendationsAreListedAndReported() throws {
        let project = try TestProject(config: """
            version: "1.0.0"
            metrics:
              s3_storage:
                monthly_cost: {command: "cat values/cost.txt", parse_type: float, limits: {budget: 60}}
              code_base:
                python_files: {command: "cat values/py.txt", parse_type: integer}
              documentation:
                markdown_files: {command: "cat values/md.txt", parse_type: integer}
            """)
        for index in 0..<60 {
            let date = Self.date(index)
            project.write("""
                metadata: {snapshot_date: '\(date)'}
                s3_storage:
                  monthly_cost: {value: \(String(format: "%.2f", 30 + 0.25 * Double(index))), last_verified: '\(date)T06:00:00'}
                code_base:
                  python_files: {value: \(1_000 + 3 * index), last_verified: '\(date)T06:00:00'}
                documentation:
                  markdown_files: {value: 200, last_verified: '\(date)T06:00:00'}
                """, to: "inventory/historical/\(date).yaml")
        }
        project.now = "\(Self.date(59))T23:00:00Z"
        let result = try project.dims("recommend")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("• limit_approaching: s3_storage.monthly_cost is growing"), "\(result.stdout)")
        #expect(result.stdout.contains("its budget of 60 is reached around 2024-04-30 (in 61 days); raise the budget or add lifecycle rules"), "\(result.stdout)")
        #expect(result.stdout.contains("• docs_behind_code: Code grows +"), "\(result.stdout)")
        #expect(result.stdout.contains("and documentation +0.0 %/month (documentation.markdown_files)"), "\(result.stdout)")
        let json = try json(try project.dims("recommend", "--json"))
        let items = try #require(json["recommendations"] as? [[String: Any]])
        #expect(items.map { $0["rule"] as? String } == ["limit_approaching", "docs_behind_code"])
        #expect((items.first?["evidence"] as? [String: Double])?["days_to_limit"] == 61)

        // The dashboard's overview carries the same list.
        let server = try ServeProcess(project)
        let overview = try #require(try JSONSerialization.jsonObject(with: Data(try server.get("/api/overview").body.utf8)) as? [String: Any])
        let served = try #require(overview["recommendations"] as? [[String: Any]])
        #expect(served.map { $0["message"] as? String } == items.map { $0["message"] as? String } && served.count == 2, "\(served)")

        #expect(try project.dims("generate", "--format", "markdown").status == 0)
        let report = project.read("inventory/outputs/metrics_report.md") ?? ""
        #expect(report.contains("## Recommendations"), "\(report)")
        #expect(report.contains("- **docs_behind_code**: Code grows"), "\(report)")
    }

    /// With no history, no rule speaks.
    @Test func noDataMeansNoRecommendations() throws {
        let project = try TestProject()
        let result = try project.dims("recommend")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("No recommendations"), "\(result.stdout)")
    }

    /// A formula's days before its first reading follow from its inputs' readings (the original's cost one-liner
    /// after `config migrate`), and are marked as derived.
    @Test func formulaHistoryFollowsFromItsInputs() throws {
        let project = try TestProject(config: """
            version: "1.0.0"
            metrics:
              s3_storage:
                total_size_gb: {command: "cat values/size.txt", parse_type: float}
                monthly_cost: {source: formula, formula: "total_size_gb * 0.023 + 29", precision: 2, parse_type: float, limits: {budget: 80}}
            """)
        for index in 0..<60 {
            let date = Self.date(index)
            var text = "metadata: {snapshot_date: '\(date)'}\ns3_storage:\n"
            text += "  total_size_gb: {value: \(1_000 + 10 * index), last_verified: '\(date)T06:00:00'}\n"
            if index >= 55 {
                text += "  monthly_cost: {value: \(String(format: "%.2f", Double(1_000 + 10 * index) * 0.023 + 29)), last_verified: '\(date)T06:00:00'}\n"
            }
            project.write(text, to: "inventory/historical/\(date).yaml")
        }
        project.now = "\(Self.date(59))T23:00:00Z"
        let result = try project.dims("forecast", "s3_storage.monthly_cost", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let answer = try json(result)
        let derived = try #require(answer["derived"] as? [String: Any], "\(answer)")
        #expect(derived["days"] as? Int == 55)
        #expect(derived["inputs"] as? [String] == ["s3_storage.total_size_gb"])
        let forecast = try #require(answer["forecast"] as? [String: Any])
        #expect(forecast["points"] as? Int == 60)
        #expect((forecast["first"] as? [String: Any])?["value"] as? Double == 52)
        #expect(abs((forecast["slope_per_day"] as? Double ?? 0) - 0.23) < 1e-9, "\(forecast)")
        let text = try project.dims("forecast", "s3_storage.monthly_cost")
        #expect(text.stdout.contains("Derived: 55 days from \(Self.date(0)) to \(Self.date(54)) follow from s3_storage.total_size_gb"), "\(text.stdout)")
        #expect(text.stdout.contains("Limit budget 80: reached around"), "\(text.stdout)")
        // History shows the derived days, marked; they are no readings of the log.
        let history = try project.dims("history", "s3_storage.monthly_cost", "--days", "90")
        #expect(history.stdout.contains("\(Self.date(0)): 52.0 · derived from s3_storage.total_size_gb\n"), "\(history.stdout)")
        #expect(history.stdout.contains("\(Self.date(55)): 64.65 (+0.23)\n"), "its own readings are not marked: \(history.stdout)")
        let points = try #require(try json(try project.dims("history", "s3_storage.monthly_cost", "--days", "90", "--json"))["points"] as? [[String: Any]])
        #expect(points.count == 60)
        #expect(points.filter { $0["derived"] as? Bool == true }.count == 55)
        let log = try project.dims("audit", "s3_storage.monthly_cost", "--since", "2023-01-01", "--json")
        #expect(!log.stdout.contains(Self.date(0)), "no reading of a derived day is in the log")
        // Five days of its own are too few for a rule; with the derived days, the budget is dated.
        let advice = try project.dims("recommend")
        #expect(advice.stdout.contains("• limit_approaching: s3_storage.monthly_cost is growing"), "\(advice.stdout)")

        // Without the inputs' history there is nothing to derive: five days are too few.
        let own = try project.dims("forecast", "s3_storage.total_size_gb", "--json")
        #expect(try json(own)["derived"] as? [String: Any] == nil)
    }
}
