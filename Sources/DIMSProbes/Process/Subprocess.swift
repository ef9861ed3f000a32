import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program with `posix_spawn` in its own process group, collecting its output until it exits or a deadline
/// passes: the one way dims runs a program and waits for it.
public struct Subprocess {
    /// How a run ended and what it printed.
    public struct Outcome: Sendable {
        /// The exit status, or 128 plus the signal number when a signal ended it.
        public var status: Int32
        /// The signal that ended the program, if one did.
        public var signal: Int32?
        public var output: [UInt8]
        public var errors: [UInt8]
        public var timedOut: Bool
        public var text: String { String(decoding: output, as: UTF8.self) }
        /// The first lines of standard error, joined with ` / `.
        func errorLines(_ count: Int = 3) -> String {
            String(decoding: errors, as: UTF8.self).split(separator: "\n").prefix(count).joined(separator: " / ")
        }
    }

    var arguments: [String]
    var directory: String
    var environment: [String: String]
    var timeout: Double
    /// The file the program reads as its standard input.
    public var input = "/dev/null"
    var outputLimit = 16 << 20
    var errorLimit = 65_536

    /// A run of `arguments` (the program first, found on the PATH unless it has a slash) in `directory` with exactly
    /// `environment`, killed after `timeout` seconds; at most `outputLimit` bytes of standard output and
    /// `errorLimit` of standard error are kept.
    public init(arguments: [String], directory: String, environment: [String: String], timeout: Double,
                outputLimit: Int = 16 << 20, errorLimit: Int = 65_536) {
        self.arguments = arguments
        self.directory = directory
        self.environment = environment
        self.timeout = timeout
        self.outputLimit = outputLimit
        self.errorLimit = errorLimit
    }

    /// Runs the program; throws only when it could not be started.
    public func run() throws(ProbeError) -> Outcome {
        var out: [Int32] = [0, 0], err: [Int32] = [0, 0]
        guard pipe2(&out, O_CLOEXEC) == 0, pipe2(&err, O_CLOEXEC) == 0 else { throw .system(errno, path: arguments[0]) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        _ = posix_spawn_file_actions_addchdir_np(&actions, directory)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        close(out[1])
        close(err[1])
        defer { close(out[0]); close(err[0]) }
        guard spawned == 0 else { throw .system(spawned, path: arguments[0]) }

        var outcome = Outcome(status: 0, output: [], errors: [], timedOut: false)
        let deadline = DispatchTime.now().uptimeNanoseconds + Subprocess.nanoseconds(timeout)
        collect(out[0], err[0], pid: pid, deadline: deadline, into: &outcome)
        let status = reap(pid, deadline: deadline, outcome: &outcome)
        let signal = status & 0x7f
        outcome.status = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        outcome.signal = signal == 0 ? nil : signal
        return outcome
    }

    /// `seconds` as nanoseconds, held between 0 and a day (a timeout that is not a number counts as 0).
    static func nanoseconds(_ seconds: Double) -> UInt64 {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return UInt64(min(seconds, 86_400) * 1_000_000_000)
    }

    /// Waits for the program to exit; at the deadline its whole process group is killed, even when it closed its output.
    ///
    /// A program usually exits within microseconds of closing its output, so the pause between checks starts at
    /// 50 µs and doubles up to 10 ms: a run of short commands does not wait 10 ms for each.
    private func reap(_ pid: pid_t, deadline: UInt64, outcome: inout Outcome) -> Int32 {
        var status: Int32 = 0
        var pause: UInt32 = 50
        while true {
            let result = waitpid(pid, &status, outcome.timedOut ? 0 : WNOHANG)
            if result == pid { break }
            if result < 0 {
                if errno == EINTR { continue }
                break
            }
            if DispatchTime.now().uptimeNanoseconds >= deadline {
                outcome.timedOut = true
                kill(-pid, SIGKILL)
                continue
            }
            usleep(pause)
            pause = min(pause * 2, 10_000)
        }
        // Anything the program left behind in its group goes with it.
        if outcome.timedOut { kill(-pid, SIGKILL) }
        return status
    }

    private func collect(_ outFD: Int32, _ errFD: Int32, pid: pid_t, deadline: UInt64, into outcome: inout Outcome) {
        var fds = [pollfd(fd: outFD, events: Int16(POLLIN), revents: 0), pollfd(fd: errFD, events: Int16(POLLIN), revents: 0)]
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while fds.contains(where: { $0.fd >= 0 }) {
            let now = DispatchTime.now().uptimeNanoseconds
            if now >= deadline, !outcome.timedOut {
                outcome.timedOut = true
                kill(-pid, SIGKILL)
            }
            let remaining = deadline > now ? (deadline - now + 999_999) / 1_000_000 : 0
            let wait = outcome.timedOut ? 1000 : Int32(min(remaining, 60_000))
            let ready = poll(&fds, nfds_t(fds.count), wait)
            if ready < 0, errno == EINTR { continue }
            if ready == 0, outcome.timedOut { break }
            for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
                let count = read(fds[index].fd, &buffer, buffer.count)
                if count <= 0 {
                    if count < 0, errno == EINTR { continue }
                    fds[index].fd = -1
                } else if index == 0 {
                    if outcome.output.count < outputLimit { outcome.output += buffer[..<count] }
                } else if outcome.errors.count < errorLimit {
                    outcome.errors += buffer[..<count]
                }
            }
        }
    }
}

// Glibc declares these only with `_GNU_SOURCE`, which the Swift module map does not set.
@_silgen_name("pipe2")
func pipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32
@_silgen_name("posix_spawn_file_actions_addchdir_np")
func posix_spawn_file_actions_addchdir_np(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>) -> Int32
