import Foundation

/// A PostgreSQL server of its own on 127.0.0.1, started from Debian's `postgresql` binaries in a temp folder.
///
/// initdb refuses to run as root, so as root the server runs as the `postgres` account (`runuser`). A watchdog
/// shell stops the server and removes its folder when the test process ends, however it ends. Each test takes a
/// fresh database (`freshDatabase()`). `@unchecked Sendable`: the fields are set in `init` and never change.
public final class PostgresServer: @unchecked Sendable {
    public let port: Int
    public let user = "dims"
    public let password = "dims-test-secret"
    public let folder: String
    let bin: String
    let owner: String?
    var data: String { folder + "/data" }

    /// The folder holding initdb and pg_ctl, nil when PostgreSQL is not installed.
    public static let binDirectory: String? = {
        let fm = FileManager.default
        let versions = ((try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).compactMap(Int.init).sorted()
        for version in versions.reversed() where fm.isExecutableFile(atPath: "/usr/lib/postgresql/\(version)/bin/initdb") {
            return "/usr/lib/postgresql/\(version)/bin"
        }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") where fm.isExecutableFile(atPath: "\(dir)/initdb") {
            return String(dir)
        }
        return nil
    }()

    /// Whether tests that need a server run: where the binaries are installed, and always under CI (which must have them).
    public static var isAvailable: Bool { binDirectory != nil || ProcessInfo.processInfo.environment["CI"] != nil }
    public static let skipReason = "PostgreSQL binaries (initdb, pg_ctl) are not installed: run Tools/setup.sh --test"

    /// One server for the whole test process.
    public static let shared: Result<PostgresServer, FixtureError> = Result { () throws(FixtureError) in try PostgresServer() }

    /// Initializes a cluster with user `dims` (password authentication over TCP) and starts it on a free port.
    public init() throws(FixtureError) {
        guard let bin = Self.binDirectory else { throw FixtureError(message: Self.skipReason) }
        self.bin = bin
        owner = getuid() == 0 ? "postgres" : nil
        folder = "/tmp/dims-pg-\(UUID().uuidString.prefix(8))"
        port = Self.freePort()
        let fm = FileManager.default
        try? fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? "\(password)\n".write(toFile: folder + "/pw", atomically: false, encoding: .utf8)
        if let owner { _ = try? Self.quiet("/bin/chown", ["-R", owner, folder]) }
        let status = try command("initdb", ["-D", data, "-U", user, "--pwfile=\(folder)/pw", "--auth-local=trust",
                                            "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync"])
        guard status == 0 else { throw FixtureError(message: "initdb failed (\(status)): \(log("initdb"))") }
        try start()
        try watch()
    }

    /// Starts (or restarts) the server on `port`.
    public func start() throws(FixtureError) {
        let options = "-p \(port) -c listen_addresses=127.0.0.1 -k \(folder) -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        let status = try command("pg_ctl", ["-D", data, "-l", folder + "/server.log", "-w", "-t", "60", "-o", options, "start"])
        guard status == 0 else { throw FixtureError(message: "pg_ctl start failed (\(status)): \(log("pg_ctl"))") }
    }

    /// Stops the server at once (fast shutdown: open connections are cut).
    public func stop() throws(FixtureError) {
        let status = try command("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"])
        guard status == 0 else { throw FixtureError(message: "pg_ctl stop failed (\(status)): \(log("pg_ctl"))") }
    }

    /// A new, empty database; its name.
    public func freshDatabase() throws(FixtureError) -> String {
        let name = "t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        _ = try psql("CREATE DATABASE \(name)", database: "postgres")
        return name
    }

    /// Runs `sql` with psql in `database`; returns its unaligned output.
    @discardableResult
    public func psql(_ sql: String, database: String) throws(FixtureError) -> String {
        do {
            let result = try ProcessRunner.run(bin + "/psql", ["-h", "127.0.0.1", "-p", String(port), "-U", user, "-d", database,
                                                              "-v", "ON_ERROR_STOP=1", "-X", "-A", "-t", "-c", sql],
                                               environment: ["PGPASSWORD": password])
            guard result.status == 0 else { throw FixtureError(message: "psql failed: \(result.stderr)") }
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        } catch let error as FixtureError {
            throw error
        } catch {
            throw FixtureError(message: "psql cannot run: \(error)")
        }
    }

    /// The `database:` config section that reaches `database` on this server, the password from `DIMS_TEST_PG_PASSWORD`.
    public func configSection(database: String) -> String {
        """
        database:
          enabled: true
          connection: {host: 127.0.0.1, port: \(port), database: \(database), user: \(user), password: "${DIMS_TEST_PG_PASSWORD}", sslmode: disable}
        """
    }

    /// The environment a `dims` process needs to log in.
    public var environment: [String: String] { ["DIMS_TEST_PG_PASSWORD": password] }

    // MARK: - Processes

    /// Runs a PostgreSQL binary as the cluster's owner, its output to a log file in the folder; returns its status.
    func command(_ name: String, _ arguments: [String]) throws(FixtureError) -> Int32 {
        let logFile = "\(folder)/\(name).out"
        if let owner {
            return try Self.quiet("/usr/sbin/runuser", ["-u", owner, "--", bin + "/" + name] + arguments, log: logFile)
        }
        return try Self.quiet(bin + "/" + name, arguments, log: logFile)
    }

    func log(_ name: String) -> String { (try? String(contentsOfFile: "\(folder)/\(name).out", encoding: .utf8)) ?? "" }

    /// Runs a program to its end, its output appended to `log`; returns its exit status.
    static func quiet(_ executable: String, _ arguments: [String], log: String? = nil) throws(FixtureError) -> Int32 {
        let pid = try spawn(executable, arguments, log: log)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    /// Starts a program with stdin from /dev/null, stdout and stderr to `log`, and no other descriptor of this
    /// process: a server it leaves running must not hold this process's pipes (Foundation's `Process` waits for
    /// a descriptor its child inherits to close, so a daemon holding one would hang it).
    static func spawn(_ executable: String, _ arguments: [String], log: String?) throws(FixtureError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        if let closeFrom = Self.closeFrom {
            _ = closeFrom(&actions, 3)
        } else {
            // glibc ignores closing a descriptor that is not open.
            for fd in Int32(3)..<Int32(min(4096, max(3, sysconf(Int32(_SC_OPEN_MAX))))) { posix_spawn_file_actions_addclose(&actions, fd) }
        }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard code == 0 else { throw FixtureError(message: "Cannot run '\(executable)': \(String(cString: strerror(code)))") }
        return pid
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc module does not show.
    static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? =
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np").map { unsafeBitCast($0, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self) }

    /// Starts a shell that waits for this process to end, then stops the server and removes its folder.
    func watch() throws(FixtureError) {
        let script = """
            while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done
            kill -INT "$(head -1 '\(data)/postmaster.pid' 2>/dev/null)" 2>/dev/null
            sleep 3; rm -rf '\(folder)'
            """
        // A session of its own, so that nothing signalling this process group ends it early.
        _ = try Self.spawn("/usr/bin/setsid", ["/bin/sh", "-c", script], log: nil)
    }

    /// A TCP port on 127.0.0.1 nothing listens on now.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
