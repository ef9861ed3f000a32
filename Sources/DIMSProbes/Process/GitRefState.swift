#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DIMSSystem

/// What decides which commits a repository's refs reach, read without running git: HEAD, every loose ref,
/// `packed-refs`, `shallow`, the other worktrees' HEADs, and the config files (which can change how git counts).
///
/// Two reads with the same `fingerprint` reach the same commits; it changes when any ref moves.
struct GitRefState: Hashable {
    /// A digest of the state, as 16 hex digits.
    let fingerprint: String

    /// Variables that point git at another repository or change what it reads: with any of them set, dims runs git.
    static let redirecting = ["GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
                              "GIT_NAMESPACE", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_CONFIG",
                              "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_COUNT", "GIT_CONFIG_PARAMETERS", "GIT_GRAFT_FILE",
                              "GIT_REPLACE_REF_BASE", "GIT_NO_REPLACE_OBJECTS", "GIT_SHALLOW_FILE", "GIT_TEST_DATE_NOW"]

    /// Reads the state of the repository that holds `directory` (found upwards, as git finds it), or nil when there
    /// is none, it cannot be read, or `environment` redirects git.
    static func read(from directory: String, environment: [String: String]) -> GitRefState? {
        guard let (gitDir, commonDir) = repository(directory, environment) else { return nil }
        var digest = FNV()
        guard digest.addFile(gitDir + "/HEAD") else { return nil }
        for name in ["packed-refs", "shallow", "config", "commondir", "info/grafts"] { digest.addStat(commonDir + "/" + name) }
        if gitDir != commonDir {
            digest.addStat(gitDir + "/config.worktree")
            guard digest.addTree(gitDir + "/refs") else { return nil }
        }
        guard digest.addTree(commonDir + "/refs") else { return nil }
        for worktree in entries(commonDir + "/worktrees") { digest.addFile(commonDir + "/worktrees/" + worktree + "/HEAD") }
        for path in globalConfigs(environment) { digest.addStat(path) }
        return GitRefState(fingerprint: digest.hex)
    }

    /// What decides the commits the refs reach besides the refs themselves, as 16 hex digits: the shallow boundary,
    /// grafts and the config files (the repository's without its `branch` and `remote` sections, which creating and
    /// deleting branches rewrites). Nil when that cannot be known: git redirected by the environment, or replace refs
    /// (`refs/replace/`, loose or packed), which rewrite a commit's parents. A count brought forward from earlier tips
    /// is valid only while this stays the same.
    static func graph(from directory: String, environment: [String: String]) -> String? {
        guard let (gitDir, commonDir) = repository(directory, environment), entries(commonDir + "/refs/replace").isEmpty else { return nil }
        var digest = FNV()
        for name in ["shallow", "info/grafts"] { digest.addStat(commonDir + "/" + name) }
        digest.addConfig(commonDir + "/config")
        digest.addConfig(gitDir + "/config.worktree")
        for path in globalConfigs(environment) { digest.addStat(path) }
        let replace = Array("refs/replace/".utf8)
        for line in IgnoreRules.readAll(Array((commonDir + "/packed-refs").utf8))?.split(separator: 10) ?? [] {
            guard let space = line.firstIndex(of: 32) else { continue }
            if line[(space + 1)...].starts(with: replace) { return nil }
        }
        return digest.hex
    }

    /// The git and common directories of the repository holding `directory`; nil when there is none or `environment`
    /// redirects git.
    private static func repository(_ directory: String, _ environment: [String: String]) -> (gitDir: String, commonDir: String)? {
        guard !redirecting.contains(where: { environment[$0] != nil }), let (gitDir, commonDir, _) = locate(from: directory) else { return nil }
        return (gitDir, commonDir)
    }

    /// The user's and the system's git config files, where `environment` puts them.
    private static func globalConfigs(_ environment: [String: String]) -> [String] {
        let home = environment["HOME"] ?? ""
        let xdg = environment["XDG_CONFIG_HOME"] ?? home + "/.config"
        return [home + "/.gitconfig", xdg + "/git/config", "/etc/gitconfig"]
    }

    /// The git directory, the common directory (they differ in a linked worktree) and the top folder of the work
    /// tree of the repository holding `directory`.
    static func locate(from directory: String) -> (gitDir: String, commonDir: String, workTree: String)? {
        var folder = directory
        while true {
            let dotGit = folder == "/" ? "/.git" : folder + "/.git"
            var info = stat()
            if stat(dotGit, &info) == 0 {
                var gitDir = dotGit
                if info.st_mode & S_IFMT == S_IFREG {
                    guard let text = readSmall(dotGit), text.hasPrefix("gitdir: ") else { return nil }
                    let target = String(text.dropFirst(8)).trimmingNewlines
                    gitDir = target.hasPrefix("/") ? target : folder + "/" + target
                } else if info.st_mode & S_IFMT != S_IFDIR {
                    return nil
                }
                var commonDir = gitDir
                if let common = readSmall(gitDir + "/commondir")?.trimmingNewlines {
                    commonDir = common.hasPrefix("/") ? common : gitDir + "/" + common
                }
                return (gitDir, commonDir, folder)
            }
            guard folder != "/", let slash = folder.lastIndex(of: "/") else { return nil }
            folder = slash == folder.startIndex ? "/" : String(folder[..<slash])
        }
    }

    /// The names in a folder, sorted, without `.` and `..`; empty when it cannot be read.
    static func entries(_ folder: String) -> [String] {
        guard let stream = opendir(folder) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != ".", name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// A small file's text (up to 4 KB), or nil when it cannot be read.
    static func readSmall(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { POSIX.read(fd, $0.baseAddress, $0.count) }
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }
}

/// `FNV1a` over the names and contents read, with a separator after each.
struct FNV {
    private var hasher = FNV1a()

    mutating func add<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        hasher.combine(bytes)
        hasher.combine(CollectionOfOne(0xff))
    }

    /// Adds a file's path and contents (up to 4 KB: refs and HEAD are one line); false when it cannot be read.
    @discardableResult
    mutating func addFile(_ path: String) -> Bool {
        add(path.utf8)
        guard let text = GitRefState.readSmall(path) else { return false }
        add(text.utf8)
        return true
    }

    /// Adds a file's identity (inode, size, modification time), or that it is missing.
    mutating func addStat(_ path: String) {
        add(path.utf8)
        var info = stat()
        guard stat(path, &info) == 0 else { return add("missing".utf8) }
        add("\(info.st_ino) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)".utf8)
    }

    /// Adds a git config file's lines, without its `[branch ...]` and `[remote ...]` sections, or that it is missing.
    mutating func addConfig(_ path: String) {
        add(path.utf8)
        guard let bytes = IgnoreRules.readAll(Array(path.utf8)) else { return add("missing".utf8) }
        var skipping = false
        for line in bytes.split(separator: 10) {
            let text = line.drop { $0 == 32 || $0 == 9 }
            if text.first == UInt8(ascii: "[") {
                skipping = text.starts(with: "[branch".utf8) || text.starts(with: "[remote".utf8)
            }
            if !skipping { add(line) }
        }
    }

    /// Adds every file under `folder`, recursively, in name order; false when a file cannot be read.
    mutating func addTree(_ folder: String) -> Bool {
        for name in GitRefState.entries(folder) {
            let path = folder + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { return false }
            if info.st_mode & S_IFMT == S_IFDIR {
                guard addTree(path) else { return false }
            } else if !addFile(path) {
                return false
            }
        }
        return true
    }

    var hex: String {
        let digits = String(hasher.value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

private extension String {
    var trimmingNewlines: String {
        var text = Substring(self)
        while let last = text.last, last == "\n" || last == "\r" || last == " " { text = text.dropLast() }
        return String(text)
    }
}
