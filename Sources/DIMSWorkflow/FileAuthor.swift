import DIMSProbes
public import Foundation

/// Who last changed an inventory file, as git knows it; asked only when a changed file needs an author.
///
/// git runs with `core.fsmonitor` off, so that nothing configured in the repository runs.
public final class FileAuthor {
    public let project: Project
    /// The file's path relative to the project root.
    public let path: String

    public init(project: Project, path: String) {
        self.project = project
        self.path = path
    }

    /// Whether the file has changes git has not committed (or is outside git): edited on this machine.
    lazy var isLocalEdit: Bool = git(["diff", "--quiet", "--no-ext-diff", "--no-textconv", "HEAD", "--", path])?.status != 0

    /// The author of the file's last commit (their email), or this machine's actor when the file has local changes;
    /// nil outside git or for a file git never committed.
    lazy var committer: String? = {
        if isLocalEdit { return git(["rev-parse", "--verify", "-q", "HEAD"])?.status == 0 ? project.actor : nil }
        guard let result = git(["log", "-1", "--format=%ae", "--", path]), result.status == 0 else { return nil }
        let email = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        return Importer.actor(email)
    }()

    /// Who edited the file by hand: this machine's actor for an uncommitted change, else its last committer.
    public var editor: String { isLocalEdit ? project.actor : committer ?? project.actor }

    private func git(_ arguments: [String]) -> (status: Int32, output: String)? {
        let process = Subprocess(arguments: ["git", "-c", "core.fsmonitor=false", "-C", project.root] + arguments,
                                 directory: project.root, environment: project.environment, timeout: 60)
        guard let outcome = try? process.run(), !outcome.timedOut else { return nil }
        return (outcome.status, outcome.text)
    }
}
