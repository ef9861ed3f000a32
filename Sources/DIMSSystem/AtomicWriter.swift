#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Writes files so that a reader sees the old content or the new, never a part: a temp file beside the target,
/// fsync, rename, fsync of the folder. A file replaced keeps its permission bits; a new one gets 0644 less the umask.
///
/// Temp files are named `.NAME.PID.RANDOM.tmp`, so two writers of one path never share one, and `removeStale`
/// can tell a temp file whose writer was killed (its process is gone) from one still being written.
public enum AtomicWriter {
    /// Writes `bytes` to `path`, replacing it atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws(AtomicWriteError) {
        let folder = directory(of: path)
        let name = (path as NSString).lastPathComponent
        let temp = folder + "/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        var existing = stat()
        let replacing = stat(path, &existing) == 0
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw AtomicWriteError(.create, temp, errno) }
        if replacing { _ = fchmod(fd, existing.st_mode & 0o7777) }
        var failure = bytes.withUnsafeBytes { POSIX.writeAll(fd, $0) }
        if failure == nil, fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == nil { failure = errno }
        if let failure {
            unlink(temp)
            throw AtomicWriteError(.write, temp, failure)
        }
        guard rename(temp, path) == 0 else {
            let error = AtomicWriteError(.replace, path, errno)
            unlink(temp)
            throw error
        }
        syncFolder(folder)
    }

    /// Writes `text` as UTF-8 to `path`, replacing it atomically.
    public static func write(_ text: String, to path: String) throws(AtomicWriteError) {
        try write(Array(text.utf8), to: path)
    }

    /// Removes the temp files (`.NAME.PID.RANDOM.tmp`, and `.NAME.PID.tmp` of earlier versions) that processes
    /// which no longer run left in `directories` when they were killed between writing and renaming. Returns the
    /// paths removed.
    @discardableResult
    public static func removeStale(in directories: [String]) -> [String] {
        var removed: [String] = []
        for directory in directories {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
                guard let pid = writer(ofTemp: name), kill(pid, 0) != 0, errno == ESRCH else { continue }
                let path = directory + "/" + name
                if unlink(path) == 0 { removed.append(path) }
            }
        }
        return removed
    }

    /// The process id in a temp file's name, when it is one of the atomic writer's temp files.
    static func writer(ofTemp name: String) -> pid_t? {
        let parts = name.dropFirst().dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, UInt64(parts[parts.count - 1]) != nil else { return nil }
        // `.NAME.PID.RANDOM`: two numbers at the end, the first is the process.
        if parts.count >= 3, let pid = pid_t(parts[parts.count - 2]) { return pid > 0 ? pid : nil }
        return pid_t(parts[parts.count - 1]).flatMap { $0 > 0 ? $0 : nil }
    }

    private static func directory(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// Syncs a folder so that a rename in it survives a crash; a failure is ignored, as the data is in place.
    private static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        _ = close(fd)
    }
}

/// Why an atomic write failed: the step, the file and the system's reason.
public struct AtomicWriteError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Step: String, Hashable, Sendable {
        case create, write, replace
    }

    public let step: Step
    /// The file the step failed on: the temp file for `create` and `write`, the target for `replace`.
    public let path: String
    /// The `errno` of the failure.
    public let code: Int32

    public init(_ step: Step, _ path: String, _ code: Int32) {
        self.step = step
        self.path = path
        self.code = code
    }

    /// The system's text for `code`.
    public var reason: String { POSIX.reason(code) }

    public var message: String { "Cannot \(step.rawValue) '\(path)': \(reason)" }
    public var description: String { message }
}
