@testable import DIMSProbes
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing

/// `grep` counting over buffers that end where readable memory ends. Under Thread Sanitizer (Tools/test.sh runs this
/// suite so), an unterminated line handed to `regexec` is read up to a NUL, past the buffer's end.
struct LineMatcherTests {
    /// A page of lines followed by a page that cannot be read; the lines' length divides the page's.
    private final class GuardedPage {
        let size = Int(sysconf(Int32(_SC_PAGESIZE)))
        let base: UnsafeMutablePointer<UInt8>

        init(filledWith line: [UInt8], last: UInt8) throws {
            let mapped = mmap(nil, size * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            try #require(mapped != MAP_FAILED)
            base = mapped!.assumingMemoryBound(to: UInt8.self)
            try #require(mprotect(mapped! + size, size, PROT_NONE) == 0)
            for index in 0..<size { base[index] = line[index % line.count] }
            base[size - 1] = last
        }

        deinit { munmap(base, size * 2) }
    }

    @Test(arguments: [UInt8(10), 0])
    func aLineEndingAtTheLastReadableByteIsCountedWithoutReadingBeyond(terminator: UInt8) throws {
        let line = Array("match me please\n".utf8)
        let page = try GuardedPage(filledWith: line, last: terminator)
        let matcher = try LineMatcher(pattern: "match", ignoreCase: false, extended: false)
        matcher.feed(page.base, page.size)
        matcher.finish()
        #expect(matcher.count == page.size / line.count)
        #expect(page.base[page.size - 1] == terminator && page.base[line.count - 1] == 10)
    }

    @Test func aLastLineWithoutTerminatorIsCountedAtTheEnd() throws {
        let page = try GuardedPage(filledWith: Array("match me please\n".utf8), last: UInt8(ascii: "h"))
        let matcher = try LineMatcher(pattern: "h$", ignoreCase: false, extended: false)
        matcher.feed(page.base, page.size)
        #expect(matcher.count == 0)
        matcher.finish()
        #expect(matcher.count == 1)
    }

    @Test func linesSplitAcrossFeedsAreMatchedWhole() throws {
        let text = Array("alpha beta\ngamma\nbeta gamma\n".utf8)
        for cut in 0...text.count {
            let matcher = try LineMatcher(pattern: "beta", ignoreCase: false, extended: false)
            var bytes = text
            bytes.withUnsafeMutableBufferPointer { bytes in
                matcher.feed(bytes.baseAddress!, cut)
                matcher.feed(bytes.baseAddress! + cut, text.count - cut)
            }
            matcher.finish()
            #expect(matcher.count == 2, "cut at \(cut)")
            #expect(bytes == text, "the terminators written over are put back")
        }
    }
}
