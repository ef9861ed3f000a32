import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and atomically writes inventory files.
enum InventoryFile {
    /// The largest inventory file read (metrics.yaml, a snapshot), in bytes.
    static let maximumBytes = 32 << 20

    /// The UTF-8 text of the file at `path`, at most `limit` bytes; errors name it `name`, or `path`.
    static func read(_ path: String, naming name: String? = nil, limit: Int = maximumBytes) throws(InventoryFileError) -> String {
        let file = name ?? path
        guard FileManager.default.fileExists(atPath: path) else {
            throw InventoryFileError(.notFound, file: file, "No such file")
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw InventoryFileError(.unreadable, file: file, "Cannot read the file: \(reason(errno))") }
        defer { _ = close(descriptor) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw InventoryFileError(.unreadable, file: file, "Cannot read the file: \(reason(errno))") }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
            guard data.count <= limit else {
                throw InventoryFileError(.unreadable, file: file, "The file is larger than \(limit >> 20) MiB, the most dims reads")
            }
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InventoryFileError(.unreadable, file: file, "The file is not UTF-8 text")
        }
        return text
    }

    /// Writes `text` to a temporary file beside `path`, syncs it, then renames it over `path`.
    static func write(_ text: String, to path: String) throws(InventoryFileError) {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        var existing = stat()
        let replacing = stat(path, &existing) == 0
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw InventoryFileError(.unwritable, file: path, "Cannot write the file: \(reason(errno))")
        }
        if replacing { _ = fchmod(descriptor, existing.st_mode & 0o7777) }
        let bytes = Array(text.utf8)
        var written = 0
        var failure: Int32?
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                failure = errno
                break
            }
            written += count
        }
        if failure == nil, fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0, failure == nil { failure = errno }
        if failure == nil, rename(temporary, path) != 0 { failure = errno }
        if let failure {
            unlink(temporary)
            throw InventoryFileError(.unwritable, file: path, "Cannot write the file: \(reason(failure))")
        }
        syncFolder(folder.isEmpty ? "." : folder)
    }

    /// Syncs a folder so that a rename in it survives a crash; failures are ignored as the data is already in place.
    private static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = close(descriptor)
    }

    /// The POSIX reason behind a Foundation error, when it has one.
    static func reason(_ error: any Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return reason(Int32(underlying.code))
        }
        return error.domain == NSPOSIXErrorDomain ? reason(Int32(error.code)) : error.localizedDescription
    }

    static func reason(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}

private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
