import ArgumentParser
import DIMSCore
import DIMSWorkflow
import DIMSInsight
import DIMSReports

struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Project a metric's trend: its growth, a forecast with a 95 % interval, and when it reaches its limits.",
        discussion: """
            A cost metric's days before its first reading follow from the size readings of its listing (a formula's, from \
            its inputs'), and are marked as derived. The trend is a Theil–Sen line over the last value of each day (or over their logarithms when growth compounds). \
            With fewer than \(Forecast.minimumDays) days, or a trend that explains less than half of the variation, \
            it says so instead of giving numbers. Limits come from the metric's 'limits:' (max, min, budget).
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The metric's full path, e.g. s3_storage.total_objects.")
    var metric: String

    @Option(help: "How many days ahead of today to forecast.")
    var days: Int = 90

    @Option(help: "Forecast to this date instead (YYYY-MM-DD).")
    var until: String?

    @Option(help: "Fit the trend over this many days up to now.")
    var window: Int = 365

    /// The answer of `forecast --json`.
    struct Answer: Encodable {
        /// The days before the metric's first reading, derived from its inputs' readings (a cost from its size).
        struct Derived: Encodable { var days: Int; var from: String; var until: String; var inputs: [String] }
        var metric: String
        var today: String
        var window_days: Int
        var derived: Derived?
        var forecast: Forecast
    }

    func run() throws {
        // Exit 2 (an invalid option) rather than the parser's usage status, as for every other bad input.
        if days <= 0 { throw DIMSError(.badInput, "Invalid --days \(days): give a positive number of days") }
        if window <= 1 { throw DIMSError(.badInput, "Invalid --window \(window): give a number of days above 1") }
        let project = try Project(global)
        try project.pullFromTeam()
        let now = project.clock.now()
        let today = now.day
        var horizon = today.adding(days: days)
        if let until {
            horizon = try project.day(until, option: "--until")
            guard horizon > today else { throw DIMSError(.badInput, "--until '\(until)' is not after today (\(today))") }
        }
        let config = try project.config()
        let log = try project.openSyncedLogForReading(config)
        let path = try Insights.knownMetric(metric, config: config, log: log, project: project)
        let from = today.adding(days: -(window - 1)).start
        let own = try Insights.daily(path, from: from, to: now, log: log, project: project)
        // A cost's (or formula's) days before its first reading follow from its inputs' readings.
        let derived = try Insights.derived(path, own: own, config: config) { try Insights.daily($0, from: from, to: now, log: log, project: project) }
        let limits = config.spec(path).map(MetricLimits.init) ?? MetricLimits()
        let result = Forecast(derived.series, today: today, horizon: horizon, limits: limits)
        if global.json {
            let marked = derived.lastDerivedDay.map {
                Answer.Derived(days: derived.derivedDays, from: derived.series[0].day.description, until: $0.description, inputs: derived.inputs.map(\.rawValue))
            }
            Console.answer(Answer(metric: path.rawValue, today: today.description, window_days: window, derived: marked, forecast: result))
            return
        }
        Console.out(String(TerminalFormat.forecast(result, metric: path, today: today, derived: derived).dropLast()))
    }
}
