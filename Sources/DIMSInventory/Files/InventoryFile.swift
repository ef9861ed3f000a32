import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DIMSSystem

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
            let count = buffer.withUnsafeMutableBytes { POSIX.read(descriptor, $0.baseAddress, $0.count) }
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

    /// Writes `text` to `path` atomically (`AtomicWriter`): a reader sees the old file or the new, never a part.
    static func write(_ text: String, to path: String) throws(InventoryFileError) {
        do {
            try AtomicWriter.write(text, to: path)
        } catch {
            throw InventoryFileError(.unwritable, file: path, "Cannot write the file: \(reason(error.code))")
        }
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
