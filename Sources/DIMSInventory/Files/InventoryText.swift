import DIMSSystem
import Foundation

/// The text of an inventory file with a hash of its bytes, so that a caller can tell cheaply whether it changed.
public struct InventoryText: Sendable, Hashable {
    public var text: String
    /// 64-bit FNV-1a of the UTF-8 bytes.
    public var hash: UInt64

    public init(_ text: String) {
        self.text = text
        hash = InventoryText.hash(text)
    }

    /// The file at `path`, nil when there is none; errors name the file `name`, or `path`.
    public static func read(path: String, naming name: String? = nil) throws(InventoryFileError) -> InventoryText? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return InventoryText(try InventoryFile.read(path, naming: name))
    }

    /// 64-bit FNV-1a of `text`'s UTF-8 bytes (`FNV1a`).
    public static func hash(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { FNV1a.hash($0) }
    }

    /// Writes `text` to `path` atomically.
    public static func write(_ text: String, to path: String) throws(InventoryFileError) {
        try InventoryFile.write(text, to: path)
    }
}
