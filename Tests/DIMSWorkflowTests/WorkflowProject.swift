import DIMSTestSupport
import DIMSWorkflow
import Foundation

/// A project folder with an inventory of two `files` metrics, opened as `Project` the way a command opens it.
final class WorkflowProject: @unchecked Sendable {
    let dir = TemporaryDirectory("dims-workflow")

    init(metrics: String? = nil) {
        dir.write("""
            version: "1.0.0"
            metrics:
              code_base:
                swift_files: {source: files, paths: [src], include: "*.swift", missing: zero, description: "Swift files"}
                docs: {source: files, include: "*.md", description: "Markdown files"}
            """, to: "inventory/config.yaml")
        if let metrics { dir.write(metrics, to: "inventory/metrics.yaml") }
    }

    func project() throws -> Project { try Project(root: dir.path, trust: false) }
    func read(_ relative: String) -> String? { dir.read(relative) }

    static let metricsFile = """
        code_base:
          swift_files:
            value: 12
            last_verified: '2025-09-20T10:00:00.000000'
            verified_by: alice@laptop
          docs:
            value: 3
            last_verified: '2025-09-20T10:00:00.000000'
            verified_by: alice@laptop
        """
}
