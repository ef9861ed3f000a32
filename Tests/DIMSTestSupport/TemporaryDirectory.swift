public import Foundation

/// A fresh directory under the system's temp folder, removed when the value is released: the one temp folder
/// helper of every test target.
public final class TemporaryDirectory: Sendable {
    public let path: String

    public init(_ label: String = "dims") {
        let base = FileManager.default.temporaryDirectory.path
        path = "\(base)/\(label)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        // FileManager stops at some links (a loop, a link to a folder); rm does not.
        if (try? FileManager.default.removeItem(atPath: path)) == nil { _ = try? ProcessRunner.run("/bin/rm", ["-rf", path]) }
    }

    /// `path/relative`.
    public func url(_ relative: String) -> String { relative.isEmpty ? path : "\(path)/\(relative)" }

    /// Writes `text` to `relative`, creating folders.
    @discardableResult
    public func write(_ text: String, to relative: String) -> String {
        let full = url(relative)
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! text.write(toFile: full, atomically: false, encoding: .utf8)
        return full
    }

    public func read(_ relative: String) -> String? { try? String(contentsOfFile: url(relative), encoding: .utf8) }

    /// Creates the folder `relative` (and its parents); returns its path.
    @discardableResult
    public func makeFolder(_ relative: String) -> String {
        let full = url(relative)
        try! FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        return full
    }

    /// The names in the folder `relative`, sorted.
    public func contents(of relative: String = "") throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url(relative)).sorted()
    }
}
