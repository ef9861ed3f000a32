import DIMSCore
import Foundation

/// The user's own record of the projects they trust, outside every repository: one small file per project root,
/// holding the fingerprint of the config's trusted parts.
///
/// It lives in `DIMS_TRUST_STORE`, else `$XDG_DATA_HOME/dims/trust`, else `~/.local/share/dims/trust`.
public struct TrustStore: Sendable {
    public let directory: String

    public init(environment: [String: String]) {
        if let store = environment["DIMS_TRUST_STORE"], !store.isEmpty {
            directory = store
        } else if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            directory = data + "/dims/trust"
        } else {
            directory = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share/dims/trust"
        }
    }

    /// The file that records the project at `root`.
    public func file(for root: String) -> String {
        directory + "/" + SHA256.hex(Confinement.resolve(root)).prefix(32) + ".trust"
    }

    /// The fingerprint recorded for the project at `root`, or nil when there is none.
    public func fingerprint(for root: String) -> String? {
        guard let text = try? String(contentsOfFile: file(for: root), encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("fingerprint: ") {
            return String(line.dropFirst("fingerprint: ".count))
        }
        return nil
    }

    /// Whether the store holds `scope`'s fingerprint for the project at `root`.
    public func trusts(_ scope: TrustScope, root: String) -> Bool {
        fingerprint(for: root) == scope.fingerprint
    }

    /// The file's text recording `scope` for the project at `root` as trusted at `time`.
    public func record(_ scope: TrustScope, root: String, at time: String) -> String {
        var lines = ["root: \(Confinement.resolve(root))", "fingerprint: \(scope.fingerprint)", "trusted: \(time)"]
        lines += scope.items.map { "- \($0.metric?.rawValue ?? "config"): \($0.summary)" }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Whether a run may use what its config's scope asks for.
public enum TrustDecision {
    /// True when the scope is empty, when `DIMS_TRUST=1` or `--trust` says so, or when the store holds its fingerprint.
    public static func trusted(_ scope: TrustScope, root: String, environment: [String: String], flag: Bool) -> Bool {
        scope.isEmpty || flag || environment["DIMS_TRUST"] == "1" || TrustStore(environment: environment).trusts(scope, root: root)
    }
}
