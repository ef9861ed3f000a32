#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DIMSSystem

/// Reads files for `lines` and `grep` on the calling thread, with one large buffer and one compiled pattern per grep subscription.
final class FileReader {
    /// What one subscription wants from a file it reads.
    enum Target: Hashable, Sendable { case lines, grep(pattern: String, ignoreCase: Bool, extended: Bool) }

    private let targets: [Target?]
    private let buffer: UnsafeMutableRawPointer
    private let bufferSize = 1 << 17
    private var matchers: [Int: LineMatcher] = [:]

    /// A reader for subscriptions indexed by id; patterns that do not compile are left out (the metric reports them).
    init(targets: [Target?]) {
        self.targets = targets
        buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferSize, alignment: 64)
        for (index, target) in targets.enumerated() {
            if case .grep(let pattern, let ignoreCase, let extended) = target {
                matchers[index] = try? LineMatcher(pattern: pattern, ignoreCase: ignoreCase, extended: extended)
            }
        }
    }

    deinit { buffer.deallocate() }

    /// Reads the open file `fd` to its end for `subscriptions`, adding to their totals; returns `errno` on failure.
    func read(_ fd: Int32, for subscriptions: [Int32], into totals: inout [Int64]) -> Int32? {
        var countsLines = false
        var grepping: [LineMatcher] = []
        for sub in subscriptions {
            switch targets[Int(sub)] {
            case .lines: countsLines = true
            case .grep: if let matcher = matchers[Int(sub)] { matcher.reset(); grepping.append(matcher) }
            case nil: break
            }
        }
        var newlines = 0
        while true {
            let count = POSIX.read(fd, buffer, bufferSize)
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if count == 0 { break }
            if countsLines { newlines += NewlineCounter.count(buffer, count) }
            for matcher in grepping { matcher.feed(buffer.assumingMemoryBound(to: UInt8.self), count) }
        }
        for sub in subscriptions {
            switch targets[Int(sub)] {
            case .lines: totals[Int(sub)] += Int64(newlines)
            case .grep:
                guard let matcher = matchers[Int(sub)] else { continue }
                matcher.finish()
                totals[Int(sub)] += Int64(matcher.count)
            case nil: break
            }
        }
        return nil
    }
}
