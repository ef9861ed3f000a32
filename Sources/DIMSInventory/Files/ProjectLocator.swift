import Foundation

/// Finds the project a command runs in, the way git finds `.git`.
public struct ProjectLocator {
    /// The nearest folder at or above `directory` that holds `inventory/config.yaml`, as an absolute path.
    public static func findRoot(from directory: String) -> String? {
        let start = directory.hasPrefix("/") ? directory : FileManager.default.currentDirectoryPath + "/" + directory
        var folder = URL(fileURLWithPath: start).standardizedFileURL.path
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
}
