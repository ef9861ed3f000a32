#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The C library's calls that dims's own methods named `read` and `write` shadow, and `errno` as text.
public enum POSIX {
    /// Reads up to `count` bytes of `descriptor` into `buffer`; the number read, or -1 with `errno` set.
    ///
    /// The corresponding C function is `read`.
    @inline(__always)
    public static func read(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(descriptor, buffer, count)
        #else
        Darwin.read(descriptor, buffer, count)
        #endif
    }

    /// Writes up to `count` bytes of `buffer` to `descriptor`; the number written, or -1 with `errno` set.
    ///
    /// The corresponding C function is `write`.
    @inline(__always)
    public static func write(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(descriptor, buffer, count)
        #else
        Darwin.write(descriptor, buffer, count)
        #endif
    }

    /// The C library's text for the error `code` (`strerror`).
    public static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
