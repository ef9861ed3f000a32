#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts lines that match a POSIX regular expression, as `grep -c` does.
///
/// A NUL byte also ends a line, as GNU grep treats it in binary files; a last line without a newline counts.
final class LineMatcher {
    private var regex = regex_t()
    private var carry: [UInt8] = []
    private(set) var count = 0

    init(pattern: String, ignoreCase: Bool, extended: Bool) throws(ProbeError) {
        var flags = REG_NOSUB
        if ignoreCase { flags |= REG_ICASE }
        if extended { flags |= REG_EXTENDED }
        let status = regcomp(&regex, pattern, flags)
        guard status == 0 else {
            var text = [CChar](repeating: 0, count: 256)
            regerror(status, &regex, &text, text.count)
            throw ProbeError(code: .invalidOption, message: "Pattern '\(pattern)' is not a valid regular expression: \(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
        }
    }

    deinit { regfree(&regex) }

    /// Starts a new file.
    func reset() {
        count = 0
        carry.removeAll(keepingCapacity: true)
    }

    /// Reads the next bytes of the file. Each line is NUL-terminated in place while it is tested (its terminator is
    /// written over and put back), so the caller's bytes are unchanged on return.
    func feed(_ base: UnsafeMutablePointer<UInt8>, _ length: Int) {
        var start = 0
        while start < length {
            guard let end = Self.terminator(base, from: start, to: length) else {
                carry.append(contentsOf: UnsafeBufferPointer(start: base + start, count: length - start))
                return
            }
            if carry.isEmpty {
                let terminator = base[end]
                base[end] = 0
                test(base + start, end - start)
                base[end] = terminator
            } else {
                carry.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start))
                testCarry()
            }
            start = end + 1
        }
    }

    /// Ends the file: counts a last line without a newline.
    func finish() {
        guard !carry.isEmpty else { return }
        testCarry()
    }

    /// Tests the line gathered in `carry` and empties it.
    private func testCarry() {
        let length = carry.count
        carry.append(0)
        carry.withUnsafeBufferPointer { test($0.baseAddress!, length) }
        carry.removeAll(keepingCapacity: true)
    }

    /// Tests the `length` bytes at `line`, which a NUL follows: glibc reads only up to `rm_eo` under `REG_STARTEND`,
    /// but sanitizer interceptors of `regexec` take `strlen` of the string, which past an unterminated line reads off
    /// the end of the caller's buffer (a SIGSEGV under Thread Sanitizer when the buffer ends at a page boundary).
    private func test(_ line: UnsafePointer<UInt8>, _ length: Int) {
        var match = regmatch_t()
        match.rm_so = 0
        match.rm_eo = regoff_t(length)
        let status = line.withMemoryRebound(to: CChar.self, capacity: length + 1) {
            regexec(&regex, $0, 1, &match, REG_STARTEND)
        }
        if status == 0 { count += 1 }
    }

    private static func terminator(_ base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        let newline = memchr(base + from, 10, to - from).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base }
        let nul = memchr(base + from, 0, (newline ?? to) - from).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base }
        return nul ?? newline
    }
}
