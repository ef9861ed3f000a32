#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The C library's calls that dims's own methods named `read` and `write` shadow, and `errno` as text.
public enum POSIX {
    /// The processors this process may run on: its CPU affinity mask (what `taskset` or a container's cpuset
    /// allows), else the processors online. One system call, where Foundation's `activeProcessorCount` reads the
    /// cgroup files through its file APIs (half a million instructions, 1.5 % of a small `verify`).
    public static let processorCount: Int = {
        #if os(Linux)
        // `sched_getaffinity` is a GNU extension the Glibc module does not declare; the C library has it.
        typealias GetAffinity = @convention(c) (pid_t, Int, UnsafeMutableRawPointer) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sched_getaffinity") {
            var set = cpu_set_t()
            let count = withUnsafeMutableBytes(of: &set) { bytes in
                unsafeBitCast(symbol, to: GetAffinity.self)(0, bytes.count, bytes.baseAddress!) == 0
                    ? bytes.reduce(0) { $0 + $1.nonzeroBitCount } : 0
            }
            if count > 0 { return count }
        }
        #endif
        return max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }()

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

    /// Writes all of `bytes` to `descriptor`, again after a short write or an interrupted one: nil when every byte
    /// was written, else the `errno` that stopped it.
    public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var written = 0
        while written < bytes.count {
            let count = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            guard count > 0 else { return EIO }
            written += count
        }
        return nil
    }

    /// Writes `bytes` over the file at `path` in place (created with mode 0644), without `fsync`: the one way to write
    /// a local cache that ends in its own checksum (`.dims/checked`, `.dims/scanned`), whose torn or lost copy is read
    /// as none. Best effort: nothing is reported, since a cache this user cannot write is only a slower next command.
    public static func overwrite(_ path: String, _ bytes: UnsafeRawBufferPointer) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        _ = writeAll(fd, bytes)
        close(fd)
    }

    /// The C library's text for the error `code` (`strerror`).
    public static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
