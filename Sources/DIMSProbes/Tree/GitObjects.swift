import DIMSSystem
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A running `git cat-file --batch` (or `--batch-check`): reads objects by name and hands their content over in chunks
/// (or only their type and size), without a checkout.
final class GitObjects {
    private let pid: pid_t
    private let input: Int32
    private let output: Int32
    private let capacity = 1 << 17
    private let buffer: UnsafeMutableRawPointer
    private var start = 0
    private var end = 0
    /// Whether git was ended after a failed read: a new process must take over.
    private(set) var broken = false

    /// `check`: run `--batch-check`, which answers each name with its id, type and size only.
    init(git: String, directory: String, environment: [String: String], check: Bool = false) throws(ProbeError) {
        var toGit: [Int32] = [0, 0], fromGit: [Int32] = [0, 0]
        guard pipe2(&toGit, O_CLOEXEC) == 0, pipe2(&fromGit, O_CLOEXEC) == 0 else { throw .system(errno, path: git) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toGit[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromGit[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        _ = posix_spawn_file_actions_addchdir_np(&actions, directory)
        let arguments = [git, "cat-file", check ? "--batch-check" : "--batch"]
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, git, &actions, nil, argv, envp)
        close(toGit[0])
        close(fromGit[1])
        guard spawned == 0 else {
            close(toGit[1])
            close(fromGit[0])
            throw .system(spawned, path: git)
        }
        // A git that dies while ids are still being written must give an error, not end dims with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        self.pid = pid
        input = toGit[1]
        output = fromGit[0]
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
    }

    deinit {
        close(input)
        close(output)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        buffer.deallocate()
    }

    /// Reads `blobs` in order: `begin` gets each one's position in `blobs` and its id as git names it, `chunk` its
    /// content piece by piece (in the reader's own buffer, which `chunk` may write into while it runs if it puts every
    /// byte back), `finish` its end.
    func read(_ blobs: [String], begin: (Int, String) -> Void, chunk: (UnsafeMutableRawBufferPointer) -> Void, finish: (Int) -> Void) throws(ProbeError) {
        try exchange(blobs) { (index, header) throws(ProbeError) in
            let fields = header.split(separator: 32)
            guard fields.count == 3, let size = Int(String(decoding: fields[2], as: UTF8.self)) else {
                throw ProbeError(code: .readFailed, message: "Git cannot read object '\(blobs[index])': \(String(decoding: header, as: UTF8.self))")
            }
            begin(index, String(decoding: fields[0], as: UTF8.self))
            var remaining = size
            while remaining > 0 {
                if start == end { try fill() }
                let take = min(remaining, end - start)
                chunk(UnsafeMutableRawBufferPointer(start: buffer + start, count: take))
                start += take
                remaining -= take
            }
            finish(index)
            if start == end { try fill() }
            start += 1  // the newline after the content
        }
    }

    /// The size of each of `objects` (a `--batch-check` process), in order.
    func sizes(_ objects: [String]) throws(ProbeError) -> [Int64] {
        var sizes: [Int64] = []
        sizes.reserveCapacity(objects.count)
        try exchange(objects) { (index, header) throws(ProbeError) in
            let fields = header.split(separator: 32)
            guard fields.count == 3, let size = Int64(String(decoding: fields[2], as: UTF8.self)) else {
                throw ProbeError(code: .readFailed, message: "Git cannot read object '\(objects[index])': \(String(decoding: header, as: UTF8.self))")
            }
            sizes.append(size)
        }
        return sizes
    }

    /// Writes `names` to git from another thread (git answers as it reads) while `answer` reads the answer to each, given
    /// its position and header line.
    private func exchange(_ names: [String], answer: (Int, [UInt8]) throws(ProbeError) -> Void) throws(ProbeError) {
        guard !names.isEmpty else { return }
        let request = Array(names.joined(separator: "\n").utf8) + [10]
        let input = input
        let writing = Finished()
        let writer = Thread {
            var offset = 0
            while offset < request.count {
                let count = request[offset...].withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    break
                }
                offset += count
            }
            writing.signal()
        }
        writer.start()
        do throws(ProbeError) {
            for index in names.indices { try answer(index, try line()) }
        } catch {
            // The writer may be stuck on a full pipe: ending git frees it.
            kill(pid, SIGKILL)
            broken = true
            writing.wait()
            throw error
        }
        writing.wait()
    }

    /// The next line of git's answer, without its newline.
    private func line() throws(ProbeError) -> [UInt8] {
        var text: [UInt8] = []
        while true {
            if start == end { try fill() }
            let available = UnsafeRawBufferPointer(start: buffer + start, count: end - start)
            if let newline = available.firstIndex(of: 10) {
                text += available[..<newline]
                start += newline + 1
                return text
            }
            text += available
            start = end
        }
    }

    private func fill() throws(ProbeError) {
        start = 0
        end = 0
        while true {
            let count = POSIX.read(output, buffer, capacity)
            if count > 0 {
                end = count
                return
            }
            if count < 0, errno == EINTR { continue }
            throw ProbeError(code: .readFailed, message: count < 0 ? "Cannot read from git cat-file: \(String(cString: strerror(errno)))" : "git cat-file stopped before answering")
        }
    }
}

/// A one-time signal from a thread that finished.
private final class Finished: @unchecked Sendable {
    // @unchecked: `done` is only touched while holding `condition`.
    private let condition = NSCondition()
    private var done = false

    func signal() {
        condition.lock()
        done = true
        condition.signal()
        condition.unlock()
    }

    func wait() {
        condition.lock()
        while !done { condition.wait() }
        condition.unlock()
    }
}
