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

    /// The programs run, in pipeline order: the path to start and the arguments (the first as written).
    var stages: [(program: String, arguments: [String], quiet: Bool)]
    /// Reshaping stages dims applies to the last program's output (`DirectPipeline`).
    var filters: [OutputFilter] = []
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
        self.stages = [(arguments[0], arguments, false)]
        self.directory = directory
        self.environment = environment
        self.timeout = timeout
        self.outputLimit = outputLimit
        self.errorLimit = errorLimit
    }

    /// A run of `pipeline`'s programs as `sh -c` would run them, or nil when one of them is not a program `sh`
    /// would start directly (not found on the environment's `PATH`, or neither a binary nor a `#!` script).
    init?(pipeline: DirectPipeline, directory: String, environment: [String: String], timeout: Double) {
        var stages: [(program: String, arguments: [String], quiet: Bool)] = []
        for stage in pipeline.stages {
            guard let program = Subprocess.locate(stage.words[0], path: environment["PATH"], directory: directory) else { return nil }
            stages.append((program, stage.words, stage.quiet))
        }
        self.stages = stages
        self.filters = pipeline.filters
        self.directory = directory
        self.environment = Subprocess.shellEnvironment(environment, directory: directory)
        self.timeout = timeout
    }

    /// The environment `sh` hands its programs: only variables whose names are shell names, and `PWD` the folder
    /// it runs in (the inherited `PWD` when that names the same folder, else the physical path), as dash does.
    static func shellEnvironment(_ environment: [String: String], directory: String) -> [String: String] {
        var shell = environment.filter { name, _ in
            guard let first = name.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
            return name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isLetter($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        }
        var here = stat(), there = stat()
        if let inherited = shell["PWD"], inherited.hasPrefix("/"), stat(inherited, &there) == 0, stat(directory, &here) == 0,
           here.st_dev == there.st_dev, here.st_ino == there.st_ino {
            return shell
        }
        var resolved = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        shell["PWD"] = realpath(directory, &resolved) != nil ? String(decoding: resolved.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : directory
        return shell
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    /// Where `sh` finds `name`: itself when it has a slash (from `directory`), else the first executable regular file
    /// of that name in `path`'s folders. Nil when there is none, when `path` is missing or has a relative folder, or
    /// when the file is neither an ELF binary nor a `#!` script (which `sh` would run as a script of its own).
    static func locate(_ name: String, path: String?, directory: String) -> String? {
        var candidates: [String]
        if name.contains("/") {
            candidates = [name.hasPrefix("/") ? name : directory + "/" + name]
        } else {
            guard let path else { return nil }
            let folders = path.split(separator: ":", omittingEmptySubsequences: false)
            guard folders.allSatisfy({ $0.hasPrefix("/") }) else { return nil }
            candidates = folders.map { $0 + "/" + name }
        }
        for candidate in candidates {
            var info = stat()
            guard stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 else { continue }
            let fd = open(candidate, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            var head = [UInt8](repeating: 0, count: 4)
            let count = read(fd, &head, 4)
            let runnable = (count == 4 && head == [0x7F, 0x45, 0x4C, 0x46]) || (count >= 2 && head[0] == UInt8(ascii: "#") && head[1] == UInt8(ascii: "!"))
            return runnable ? candidate : nil
        }
        return nil
    }

    /// Runs the programs; throws only when one could not be started (those already started are killed).
    public func run() throws(ProbeError) -> Outcome {
        var out: [Int32] = [0, 0], err: [Int32] = [0, 0]
        guard pipe2(&out, O_CLOEXEC) == 0 else { throw .system(errno, path: stages[0].program) }
        guard pipe2(&err, O_CLOEXEC) == 0 else {
            let code = errno
            close(out[0]); close(out[1])
            throw .system(code, path: stages[0].program)
        }
        defer { close(out[0]); close(err[0]) }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pids: [pid_t] = []
        // The read end of the pipe from the stage before.
        var previous: Int32 = -1
        var failure: (code: Int32, program: String)?
        for (index, stage) in stages.enumerated() {
            let last = index == stages.count - 1
            var next: [Int32] = [-1, -1]
            if !last, pipe2(&next, O_CLOEXEC) != 0 {
                failure = (errno, stage.program)
                break
            }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            if previous >= 0 {
                posix_spawn_file_actions_adddup2(&actions, previous, 0)
            } else {
                posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
            }
            posix_spawn_file_actions_adddup2(&actions, last ? out[1] : next[1], 1)
            if stage.quiet {
                posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            } else {
                posix_spawn_file_actions_adddup2(&actions, err[1], 2)
            }
            _ = posix_spawn_file_actions_addchdir_np(&actions, directory)
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            // One process group for the whole pipeline, killed as one at the deadline; SIGPIPE as a shell leaves it
            // (dims ignores it for itself), so a stage whose reader ended stops as it would in a terminal.
            var defaults = sigset_t()
            sigemptyset(&defaults)
            sigaddset(&defaults, SIGPIPE)
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF))
            posix_spawnattr_setpgroup(&attributes, pids.first ?? 0)
            let argv = stage.arguments.map { strdup($0) } + [nil]
            var pid: pid_t = 0
            let spawned = posix_spawnp(&pid, stage.program, &actions, &attributes, argv, envp)
            argv.forEach { free($0) }
            posix_spawnattr_destroy(&attributes)
            posix_spawn_file_actions_destroy(&actions)
            if previous >= 0 { close(previous) }
            if !last { close(next[1]) }
            previous = last ? -1 : next[0]
            guard spawned == 0 else {
                failure = (spawned, stage.program)
                break
            }
            pids.append(pid)
        }
        if previous >= 0 { close(previous) }
        close(out[1])
        close(err[1])
        if let failure {
            if let group = pids.first { kill(-group, SIGKILL) }
            for pid in pids { var status: Int32 = 0; while waitpid(pid, &status, 0) < 0 && errno == EINTR {} }
            throw .system(failure.code, path: failure.program)
        }

        var outcome = Outcome(status: 0, output: [], errors: [], timedOut: false)
        let deadline = DispatchTime.now().uptimeNanoseconds + Subprocess.nanoseconds(timeout)
        collect(out[0], err[0], group: pids[0], deadline: deadline, into: &outcome)
        let status = reap(pids, deadline: deadline, outcome: &outcome)
        if !filters.isEmpty {
            // The last stage is one dims applied: it always ends with status 0.
            outcome.status = 0
            return outcome
        }
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

    /// Waits for the programs to exit and gives the last one's status; at the deadline their whole process group is
    /// killed, even when they closed their output.
    ///
    /// A program usually exits within microseconds of closing its output, so the pause between checks starts at
    /// 50 µs and doubles up to 10 ms: a run of short commands does not wait 10 ms for each.
    private func reap(_ pids: [pid_t], deadline: UInt64, outcome: inout Outcome) -> Int32 {
        var statuses = [Int32](repeating: 0, count: pids.count)
        var waiting = Array(pids.indices)
        var pause: UInt32 = 50
        while !waiting.isEmpty {
            waiting.removeAll { index in
                var status: Int32 = 0
                let result = waitpid(pids[index], &status, outcome.timedOut ? 0 : WNOHANG)
                if result == pids[index] { statuses[index] = status }
                return result == pids[index] || (result < 0 && errno != EINTR)
            }
            if waiting.isEmpty { break }
            if DispatchTime.now().uptimeNanoseconds >= deadline {
                outcome.timedOut = true
                kill(-pids[0], SIGKILL)
                continue
            }
            usleep(pause)
            pause = min(pause * 2, 10_000)
        }
        // Anything the programs left behind in their group goes with them.
        if outcome.timedOut { kill(-pids[0], SIGKILL) }
        return statuses[statuses.count - 1]
    }

    /// Reads both outputs until they close, standard output through the filters; at the deadline kills the group.
    private func collect(_ outFD: Int32, _ errFD: Int32, group pid: pid_t, deadline: UInt64, into outcome: inout Outcome) {
        var filters = filters
        let limit = outputLimit
        var output: [UInt8] = []
        /// Passes bytes through the filters from `first` on, each filter's output the next one's input, then keeps them.
        func pass(_ bytes: [UInt8], from first: Int) {
            var data = bytes
            for index in first..<filters.count {
                var produced: [UInt8] = []
                data.withUnsafeBytes { filters[index].feed($0) { produced += $0 } }
                data = produced
                if data.isEmpty { return }
            }
            if output.count < limit { output += data.prefix(limit - output.count) }
        }
        defer {
            for index in filters.indices {
                var produced: [UInt8] = []
                filters[index].finish { produced += $0 }
                pass(produced, from: index + 1)
            }
            outcome.output = output
        }
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
                    if filters.isEmpty {
                        // Most runs (git's output can be large): kept as read, without a copy per chunk.
                        if output.count < limit { output += buffer[..<min(count, limit - output.count)] }
                    } else {
                        pass(Array(buffer[..<count]), from: 0)
                    }
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
