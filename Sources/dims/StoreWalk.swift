import DIMSProbes
import DIMSStore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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
        // A day at most; the report and the progress lines on stderr are kept whole.
        let child = Subprocess(arguments: ["/proc/self/exe", "log", "verify", "--walk", "--root", project.root], directory: project.root,
                               environment: ProcessInfo.processInfo.environment, timeout: 86_400, outputLimit: 1 << 30, errorLimit: 64 << 20)
        let outcome: Subprocess.Outcome
        do {
            outcome = try child.run()
        } catch {
            throw DIMSError(.store, "Cannot start the walk of the store: \(error.message)")
        }
        let errData = outcome.errors, outData = outcome.output
        let lines = String(decoding: errData, as: UTF8.self).split(separator: "\n").map(String.init)
        let place = lines.last { $0.hasPrefix("at ") }.map { " while reading \($0.dropFirst(3))" } ?? ""
        if let signal = outcome.signal {
            let name = String(cString: strsignal(signal))
            return StoreWalk(problems: ["liblmdb faulted (\(name)) walking the store\(place): its pages are damaged"])
        }
        if outcome.status != 0 {
            let message = lines.last { $0.hasPrefix("dims: error: ") }.map { String($0.dropFirst(13)) } ?? "the walk of the store failed"
            return StoreWalk(problems: [message])
        }
        guard let walk = try? JSONDecoder().decode(StoreWalk.self, from: Data(outData)) else {
            return StoreWalk(problems: ["The walk of the store gave no report\(place)"])
        }
        return walk
    }
}
