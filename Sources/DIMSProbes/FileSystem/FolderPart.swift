/// The top-level folder a walked folder belongs to, relative to a metric's path: the part its breakdown counts it in.
enum FolderPart {
    static let otherName = "(other folders)"

    /// The name of the files directly in `entry` (the metric's path, `.` for the project root).
    static func topLevelName(_ entry: [UInt8]) -> String {
        "(files directly in \(entry.isEmpty ? "." : String(decoding: entry, as: UTF8.self)))"
    }

    /// The part of the folder shown as `shown` for a metric whose path is `entry` (shown the same way; empty for the
    /// project root): the shown path up to the end of its first segment below `entry`, with a `/` (`docs/guide/` for
    /// `docs/guide/api` under `docs`), or `topLevelName` for `entry` itself.
    static func name(shown: UnsafeBufferPointer<UInt8>, entry: [UInt8]) -> String {
        guard let end = end(shown: shown, entry: entry) else { return topLevelName(entry) }
        return String(decoding: UnsafeBufferPointer(rebasing: shown[..<end]), as: UTF8.self) + "/"
    }

    /// Where the part's name ends in `shown` (the end of its first segment below `entry`), nil when `shown` is
    /// `entry` itself: folders with the same `shown[..<end]` are in the same part.
    static func end(shown: UnsafeBufferPointer<UInt8>, entry: [UInt8]) -> Int? {
        var start = entry.count
        while start < shown.count, shown[start] == UInt8(ascii: "/") { start += 1 }
        guard start < shown.count else { return nil }
        var end = start
        while end < shown.count, shown[end] != UInt8(ascii: "/") { end += 1 }
        return end
    }
}
