public import DIMSCore
import Foundation

/// Which metrics a backfill can measure from git, and why each of the others is skipped.
public struct BackfillPlan: Sendable {
    public var measured: [MetricSpec] = []
    public var skipped: [(metric: MetricPath, reason: String)] = []

    /// Sorts `specs`: git knows files it tracks and the commits themselves, nothing else. `head` is the tree at `HEAD`,
    /// to tell a path git has never held (untracked or ignored) from one that does not exist.
    init(_ specs: [MetricSpec], head: GitTree, root: String, home: String?) {
        var reasons: [MetricPath: String] = [:]
        for spec in specs where spec.source != .formula {
            reasons[spec.path] = BackfillPlan.reason(spec, head: head, root: root, home: home)
        }
        let formulas = FormulaPlan(specs)
        for (path, error) in formulas.errors { reasons[path] = error.message }
        for (spec, formula, inputs) in formulas.ordered {
            if let skipped = formula.names.compactMap({ inputs[$0] }).first(where: { reasons[$0] != nil }) {
                reasons[spec.path] = "Its input '\(skipped)' is skipped"
            }
        }
        for spec in specs {
            if let reason = reasons[spec.path] { skipped.append((spec.path, reason)) } else { measured.append(spec) }
        }
    }

    /// Plans a backfill of `history`'s repository.
    public init(_ specs: [MetricSpec], history: GitHistory) throws(ProbeError) {
        self.init(specs, head: try history.tree(at: "HEAD"), root: history.root, home: history.environment["HOME"])
    }

    private static func reason(_ spec: MetricSpec, head: GitTree, root: String, home: String?) -> String? {
        switch spec.source {
        case .files, .lines, .bytes, .grep, .age:
            let metric: FileMetric
            do throws(ProbeError) { metric = try FileMetric(spec, home: home) } catch { return error.message }
            if let reason = TreeRun.unknowable(metric) { return reason }
            for path in metric.sets.flatMap(\.paths) where path != "." {
                if path.hasPrefix("/") || path.split(separator: "/").contains("..") {
                    return "It reads '\(path)', outside the repository, so git has no history of it"
                }
                let bytes = Array(path.utf8)
                if !head.holds(bytes), FileManager.default.fileExists(atPath: root + "/" + path) {
                    return "Git does not track '\(path)' (untracked or ignored), so it has no history of it"
                }
            }
            return nil
        case .git: return GitSource.unknowable(spec)
        case .command: return "It runs a command, which cannot be run at a past commit"
        case .s3: return "It lists S3, whose past git does not hold"
        case .formula: return nil
        }
    }
}
