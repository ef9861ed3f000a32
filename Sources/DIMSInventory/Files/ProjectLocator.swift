import Foundation

/// Finds the project a command runs in, the way git finds `.git`.
public struct ProjectLocator {
    /// The nearest folder at or above `directory` that holds `inventory/config.yaml`, as an absolute path.
    public static func findRoot(from directory: String) -> String? {
        let start = directory.hasPrefix("/") ? directory : FileManager.default.currentDirectoryPath + "/" + directory
        var folder = standardized(start)
        while true {
            var isFolder: ObjCBool = false
            let config = (folder == "/" ? "" : folder) + "/inventory/config.yaml"
            if FileManager.default.fileExists(atPath: config, isDirectory: &isFolder), !isFolder.boolValue {
                return folder
            }
            if folder == "/" || folder.isEmpty { return nil }
            folder = (folder as NSString).deletingLastPathComponent
        }
    }

    /// `URL(fileURLWithPath: path).standardizedFileURL.path` of an absolute path, without Foundation's work (half a
    /// million instructions) when the path is already standard.
    public static func standardized(_ path: String) -> String {
        isStandard(path) ? path : URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Whether `path` is `/`, or absolute with no empty, `.` or `..` part and no slash at the end.
    static func isStandard(_ path: String) -> Bool {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        guard path.utf8.first == slash else { return false }
        if path.utf8.count == 1 { return true }
        var length = 0, dotsOnly = true
        for byte in path.utf8.dropFirst() {
            if byte == slash {
                if length == 0 || (dotsOnly && length <= 2) { return false }
                length = 0
                dotsOnly = true
            } else {
                length += 1
                if byte != dot { dotsOnly = false }
            }
        }
        return length > 0 && !(dotsOnly && length <= 2)
    }
}
