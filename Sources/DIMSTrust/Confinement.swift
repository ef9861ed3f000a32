import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The project root as a boundary: whether a path, once `..` and every symbolic link are resolved, stays inside it.
public struct Confinement: Sendable {
    /// The root's real path.
    public let root: String

    public init(root: String) {
        self.root = Confinement.resolve(root)
    }

    /// Whether `path` (absolute, or relative to the root) resolves to the root or something under it.
    public func contains(_ path: String) -> Bool {
        let absolute = path.hasPrefix("/") ? path : root + "/" + path
        let resolved = Confinement.resolve(absolute)
        return resolved == root || resolved.hasPrefix(root == "/" ? "/" : root + "/")
    }

    /// The real path of an absolute `path`: symbolic links resolved as far as the path exists, the rest read as written.
    ///
    /// A path that exists is one `realpath`. Otherwise each part is resolved in turn, and once a part cannot be
    /// resolved (missing, not a folder, not searchable) the parts below it are not tried, until a `..` climbs back.
    public static func resolve(_ path: String) -> String {
        if path.hasPrefix("/"), let whole = real(path) { return whole }
        var current = "/"
        var resolvable = true
        for part in path.split(separator: "/") where part != "." {
            if part == ".." {
                current = (current as NSString).deletingLastPathComponent
                if current.isEmpty { current = "/" }
                resolvable = true
                continue
            }
            let candidate = current == "/" ? "/" + part : current + "/" + part
            if resolvable, let resolved = real(candidate) {
                current = resolved
            } else {
                current = candidate
                resolvable = false
            }
        }
        return current
    }

    private static func real(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
