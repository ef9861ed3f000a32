public import DIMSCore
public import DIMSInventory
public import DIMSStore
public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Project {
    /// The log, opened for appending and brought up to date with the committed files (`Importer.sync`).
    public func openSyncedLog(_ config: InventoryConfig, mode: Importer.Mode) throws -> EventLog {
        let log = try openLog()
        let importer = Importer(project: self, config: config)
        try importer.sync(try importer.scan(), into: log, mode: mode)
        return log
    }

    /// The log a reading command answers from: as it is when it reflects the committed files; else brought up to date
    /// with them, which makes the first command on a fresh clone adopt them. In a checkout where the log cannot be
    /// written, a log built from the files in a temporary folder (removed at exit) answers instead. Nil when there is
    /// neither a log nor any file.
    public func openSyncedLogForReading(_ config: InventoryConfig) throws -> EventLog? {
        let importer = Importer(project: self, config: config)
        let files = try importer.scan()
        var existing = try openLogForReading()
        if let existing, try importer.isCurrent(files, in: existing) { return existing }
        let hasArchives = (try? FileManager.default.contentsOfDirectory(atPath: archivePath))?.contains { $0.hasSuffix(".dimslog.z") } ?? false
        if existing == nil && files.isEmpty && !hasArchives { return nil }
        let hadLog = existing != nil
        // Closed before the writable open: a process opens one store one way at a time (`Environment`).
        existing = nil
        let log: EventLog
        if let writable = try? EventLog(directory: storePath) {
            ignoreStore()
            log = writable
        } else if hadLog, let existing = try openLogForReading() {
            Console.err("dims: warning: the inventory files changed since the log read them, and the log at "
                + "\(relative(storePath)) cannot be written here; answering from the log as it is")
            return existing
        } else {
            log = try store { try EventLog(directory: Project.temporaryStore()) }
        }
        try importer.sync(files, into: log, mode: .read)
        return log
    }

    /// Keeps `.dims/` out of git with a `.gitignore` inside it, so that `git add -A` never stages the store.
    public func ignoreStore() {
        let path = storePath + "/.gitignore"
        guard !FileManager.default.fileExists(atPath: path) else { return }
        try? AtomicFile.write("# The event log of this machine: dims keeps it out of git.\n*\n", to: path)
    }

    /// Whether `.dims/` keeps itself out of git.
    public var storeIsIgnored: Bool { FileManager.default.fileExists(atPath: storePath + "/.gitignore") }

    nonisolated(unsafe) private static var temporaryFolder: String?

    /// A folder for a log built from the files where the project's own cannot be written; removed at exit.
    private static func temporaryStore() -> String {
        let folder = NSTemporaryDirectory() + "dims-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        temporaryFolder = folder
        atexit {
            if let folder = Project.temporaryFolder { try? FileManager.default.removeItem(atPath: folder) }
        }
        return folder
    }
}
