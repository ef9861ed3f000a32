public import ArgumentParser
import DIMSCore
public import DIMSReports

/// `--fail-on`: the lowest drift level that fails a run. A value outside these is a usage error (status 2), and
/// shell completions list them.
enum FailLevel: String, CaseIterable, ExpressibleByArgument {
    case minor, moderate, major, critical

    /// Case does not matter: `--fail-on Major` is `major`.
    init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }

    var level: DriftLevel {
        switch self {
        case .minor: .minor
        case .moderate: .moderate
        case .major: .major
        case .critical: .critical
        }
    }
}

/// `--format`: one report format.
extension ReportFormat: ExpressibleByArgument {}
