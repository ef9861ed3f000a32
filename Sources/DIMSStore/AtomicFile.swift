import Foundation
import Glibc

/// Writes files so that a reader sees the old content or the new, never a part: temp file, fsync, rename.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws(StoreError) {
        let directory = (path as NSString).deletingLastPathComponent
        let temp = (directory.isEmpty ? "." : directory) + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("create", temp) }
        var written = 0
        let ok: Bool = bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 { if errno == EINTR { continue }; return false }
                written += n
            }
            return fsync(fd) == 0
        }
        close(fd)
        guard ok else {
            let error = failure("write", temp)
            unlink(temp)
            throw error
        }
        guard rename(temp, path) == 0 else {
            let error = failure("replace", path)
            unlink(temp)
            throw error
        }
        let dirFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY)
        if dirFD >= 0 { fsync(dirFD); close(dirFD) }
    }

    public static func write(_ text: String, to path: String) throws(StoreError) {
        try write(Array(text.utf8), to: path)
    }

    /// Removes the temp files (`.NAME.PID.tmp`, `.NAME.PID.RANDOM.tmp`) that processes which no longer run
    /// left in `directories` when they were killed between writing and renaming. Returns the paths removed.
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

    /// The process id in a temp file's name, when it is one of the atomic writers' temp files.
    static func writer(ofTemp name: String) -> pid_t? {
        let parts = name.dropFirst().dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, let last = pid_t(parts[parts.count - 1]) else { return nil }
        // `.NAME.PID.RANDOM`: two numbers at the end, the first is the process.
        if parts.count >= 3, let pid = pid_t(parts[parts.count - 2]) { return pid > 0 ? pid : nil }
        return last > 0 ? last : nil
    }

    static func failure(_ verb: String, _ path: String) -> StoreError {
        StoreError(code: .io, message: "Cannot \(verb) '\(path)': \(String(cString: strerror(errno)))")
    }
}
