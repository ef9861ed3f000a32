public import Foundation

/// A fresh directory under the system's temp folder, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String

    public init(_ label: String = "dims") {
        let base = FileManager.default.temporaryDirectory.path
        path = "\(base)/\(label)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

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
}
