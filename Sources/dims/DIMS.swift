import ArgumentParser
import DIMSWorkflow

/// The `dims` command: measures a project's numbers, compares them with their baselines, and keeps their history.
struct DIMS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dims",
        abstract: "Measure a project's metrics, detect drift from their baselines, and keep their history in an event log.",
        discussion: """
            Exit status: 0 success; 1 drift at or above --fail-on, or a check found a mismatch; \
            2 a measurement failed or an input (config, metrics.yaml, date, option) is invalid; \
            3 the event log cannot be read or written; 4 an output file cannot be written; \
            5 a baseline move awaits approval (see 'dims approve'); \
            6 the config runs commands, uses endpoints or reads paths outside the project that are not trusted (see 'dims trust').
            """,
        version: DIMSVersion.current,
        subcommands: [
            Verify.self, Update.self, Snapshot.self, History.self, Diff.self, Cache.self, Generate.self, Info.self,
            Import.self, Audit.self, Replay.self, Log.self, Archive.self, Config.self,
            Approve.self,
            Events.self, Alerts.self,
            Trust.self,
            Sync.self, DB.self, Migrate.self,
            Serve.self,
            Backfill.self,
            ForecastCommand.self, Recommend.self, Explain.self,
        ]
    )
}

enum DIMSVersion {
    static let current = "0.1.0"
}
