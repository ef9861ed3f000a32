import DIMSCore
import Foundation

/// One yearly archive, `archive/YYYY.dimslog.z`: an `EventStream` holding the archived events observed that year.
///
/// The file holds a set of seqs in ascending order, not necessarily a range (imports carry old observed
/// times); its header carries the count, the lowest and highest seq and the first and last observed time, and
/// its trailer a CRC32 of the whole. `log import` reads it like any export.
struct ArchiveFile {
    typealias Frame = StreamFormat.Frame

    let path: String
    /// The uncompressed stream.
    let raw: [UInt8]
    let frames: [Frame]
    let firstObserved: Timestamp?
    let lastObserved: Timestamp?

    /// zlib level 4: 3 % larger than level 6 on event streams, and twice as fast.
    static let compressionLevel: Int32 = 4

    static func name(year: Int) -> String { "\(year).dimslog.z" }

    /// The year a file name stands for, or nil for any other file.
    static func year(ofName name: String) -> Int? {
        guard name.hasSuffix(".dimslog.z") else { return nil }
        let stem = name.dropLast(".dimslog.z".count)
        guard stem.count == 4, stem.allSatisfy(\.isASCII) else { return nil }
        return Int(stem)
    }

    // MARK: - Reading

    /// Reads, inflates and checks the file at `path`: the checksum of the whole, the header and every record's CRC.
    static func load(_ path: String) throws(StoreError) -> ArchiveFile {
        try parse(try inflate(path), path: path)
    }

    /// The uncompressed bytes of the file at `path`, unchecked.
    static func inflate(_ path: String) throws(StoreError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read" : "it is missing"
            throw StoreError(code: .corruptStream, message: "The archive '\(path)' cannot be used: \(reason)")
        }
        do {
            return try Zlib.inflate(Array(data))
        } catch {
            throw StoreError(code: .corruptStream, message: "The archive '\(path)' is damaged: \(error.message)")
        }
    }

    static func parse(_ raw: [UInt8], path: String) throws(StoreError) -> ArchiveFile {
        func fail(_ detail: String) -> StoreError { StoreError(code: .corruptStream, message: "The archive '\(path)' is damaged: \(detail)") }
        let result: Result<(header: StreamFormat.Header, frames: [Frame]), StoreError> = raw.withUnsafeBytes { buffer in
            Result { () throws(StoreError) in try StreamFormat.parse(buffer, fail: fail) }
        }
        let (header, frames) = try result.get()
        return ArchiveFile(path: path, raw: raw, frames: frames,
                           firstObserved: header.count == 0 ? nil : header.firstObserved,
                           lastObserved: header.count == 0 ? nil : header.lastObserved)
    }

    /// Decodes the event of `frame`.
    func event(_ frame: Frame) throws(StoreError) -> LoggedEvent {
        let result: Result<LoggedEvent, StoreError> = raw.withUnsafeBytes { buffer in
            Result { () throws(StoreError) in
                try EventCodec.decode(UnsafeRawBufferPointer(rebasing: buffer[frame.offset..<(frame.offset + frame.length)]), seq: frame.seq)
            }
        }
        do {
            return try result.get()
        } catch {
            throw StoreError(code: .corruptStream, message: "The archive '\(path)' is damaged: \(error.message)")
        }
    }
}
