import DIMSStore
import Foundation
import Glibc
import DIMSWorkflow

/// `log verify`'s walk of the store with liblmdb, run in a child process (`dims log verify --walk`), so that
/// damage which makes liblmdb fault ends the child, and the parent reports where it died. It is also `log verify`'s
/// JSON answer: `{events, first_seq, last_seq, problems}`.
struct StoreWalk: Codable {
    var events = 0
    var firstSeq: UInt64 = 0
    var lastSeq: UInt64 = 0
    var problems: [String] = []

    enum CodingKeys: String, CodingKey {
        case events, firstSeq = "first_seq", lastSeq = "last_seq", problems
    }

    static func run(_ project: Project) throws -> StoreWalk {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        child.arguments = ["log", "verify", "--walk", "--root", project.root]
        let out = Pipe(), err = Pipe()
        child.standardOutput = out
        child.standardError = err
        child.standardInput = FileHandle.nullDevice
        do {
            try child.run()
        } catch {
            throw DIMSError(.store, "Cannot start the walk of the store: \(error.localizedDescription)")
        }
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        child.waitUntilExit()
        let lines = String(decoding: errData, as: UTF8.self).split(separator: "\n").map(String.init)
        let place = lines.last { $0.hasPrefix("at ") }.map { " while reading \($0.dropFirst(3))" } ?? ""
        if child.terminationReason == .uncaughtSignal {
            let name = String(cString: strsignal(child.terminationStatus))
            return StoreWalk(problems: ["liblmdb faulted (\(name)) walking the store\(place): its pages are damaged"])
        }
        if child.terminationStatus != 0 {
            let message = lines.last { $0.hasPrefix("dims: error: ") }.map { String($0.dropFirst(13)) } ?? "the walk of the store failed"
            return StoreWalk(problems: [message])
        }
        guard let walk = try? JSONDecoder().decode(StoreWalk.self, from: outData) else {
            return StoreWalk(problems: ["The walk of the store gave no report\(place)"])
        }
        return walk
    }
}
