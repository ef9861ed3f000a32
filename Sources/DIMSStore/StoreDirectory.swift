import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The store's folder as files: what must hold before liblmdb is given it, and what explains a failure.
///
/// liblmdb takes a zero-byte data file for a new store and a missing folder for a new log, and says only
/// "Permission denied" or "Input/output error"; these checks name the file and the reason instead.
enum StoreDirectory {
    static func dataFile(_ directory: String) -> String { directory + "/data.mdb" }
    static func lockFile(_ directory: String) -> String { directory + "/lock.mdb" }
    /// Written when a check of the store failed; while it exists, nothing writes to the store.
    static func damageMarker(_ directory: String) -> String { directory + "/damaged" }

    /// Throws when `directory` is not a folder, or holds a data file that lost its content.
    ///
    /// A zero-byte data file is what a first writer leaves for the moment it initialises the store; it is
    /// only an error when it stays empty.
    static func checkShape(_ directory: String) throws(StoreError) {
        var info = stat()
        if lstat(directory, &info) == 0, info.st_mode & S_IFMT != S_IFDIR, stat(directory, &info) != 0 || info.st_mode & S_IFMT != S_IFDIR {
            throw StoreError(code: .damaged, message: "The event log '\(directory)' is not a folder; move the file aside (dims keeps its log in a folder) and run the command again")
        }
        let data = dataFile(directory)
        for _ in 0..<50 {
            guard stat(data, &info) == 0, info.st_size == 0 else { return }
            usleep(20_000)
        }
        throw StoreError(code: .damaged, message: "The event log '\(data)' is empty (0 bytes): its content was lost, and dims will not start a new log over it; run 'dims log salvage' to rebuild it from the archives, or restore the file")
    }

    /// The reason of a permission failure: which file or folder this user may not read or write.
    static func permissionProblem(_ directory: String, write: Bool) -> String? {
        let user = getpwuid(geteuid()).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? "uid \(geteuid())"
        for path in [directory, dataFile(directory), lockFile(directory)] where access(path, F_OK) == 0 {
            if access(path, R_OK) != 0 { return "'\(path)' is not readable by \(user)" }
            if write, access(path, W_OK) != 0 { return "'\(path)' is not writable by \(user); writing commands need it, reading ones do not" }
        }
        return nil
    }

    /// "No space left on device" with the bytes free, when the file system of `directory` is (nearly) full.
    static func spaceProblem(_ directory: String) -> String? {
        var fs = statvfs()
        guard statvfs(directory, &fs) == 0 else { return nil }
        let free = UInt64(fs.f_bavail) * UInt64(fs.f_frsize)
        guard free < 1 << 20 else { return nil }
        return "No space left on device (\(free) bytes free on the file system of '\(directory)')"
    }

    /// The damage marker's text, when the last check of the store failed.
    static func damage(_ directory: String) -> String? {
        guard let data = FileManager.default.contents(atPath: damageMarker(directory)) else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension EventLog {
    /// Records that a check of the store in `directory` found `problem`, so that no command writes to it until
    /// it is salvaged or a later check passes. Best effort: a store that cannot be written keeps no marker.
    public static func markDamaged(directory: String, problem: String) {
        guard FileManager.default.fileExists(atPath: StoreDirectory.dataFile(directory)) else { return }
        try? AtomicFile.write(problem + "\n", to: StoreDirectory.damageMarker(directory))
    }

    /// Whether `directory` holds a store; throws when it is not a folder or its data file lost its content.
    public static func exists(directory: String) throws(StoreError) -> Bool {
        try StoreDirectory.checkShape(directory)
        return FileManager.default.fileExists(atPath: StoreDirectory.dataFile(directory))
    }

    /// Removes the damage marker after a check found the store sound.
    public static func clearDamaged(directory: String) {
        unlink(StoreDirectory.damageMarker(directory))
    }

    /// The problem the last failed check recorded, if any.
    public static func recordedDamage(directory: String) -> String? { StoreDirectory.damage(directory) }
}
