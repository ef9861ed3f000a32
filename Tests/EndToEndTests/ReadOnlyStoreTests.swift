import DIMSTestSupport
import Foundation
import Testing

/// The log on a read-only file system: writes fail clearly with status 3, reads still answer, nothing is lost.
struct ReadOnlyStoreTests {
    /// Whether this process may bind-mount (root with CAP_SYS_ADMIN, as on the project's machines).
    static let canMount: Bool = {
        let probe = TemporaryDirectory("dims-mount-probe")
        guard (try? ProcessRunner.run("/bin/mount", ["--bind", probe.path, probe.path]).status) == 0 else { return false }
        _ = try? ProcessRunner.run("/bin/umount", [probe.path])
        return true
    }()

    @Test(.enabled(if: canMount, "needs permission to bind-mount a folder read-only"))
    func readOnlyStoreRefusesWritesAndServesReads() throws {
        let project = try TestProject()
        try project.dims("verify", "--update")
        let store = project.root + "/inventory/.dims"
        let before = try project.dims("log", "stats", "--json")
        #expect(try ProcessRunner.run("/bin/mount", ["--bind", store, store]).status == 0)
        defer { _ = try? ProcessRunner.run("/bin/umount", [store]) }
        #expect(try ProcessRunner.run("/bin/mount", ["-o", "remount,ro,bind", store]).status == 0)

        let write = try project.dims("verify")
        #expect(write.status == 3, "\(write.stdout)\(write.stderr)")
        #expect(write.stderr.contains("inventory/.dims"), "\(write.stderr)")
        #expect(write.stderr.lowercased().contains("read-only"), "\(write.stderr)")

        let read = try project.dims("history", "code_base.file_count")
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.contains("2025-10-01: 100"))

        _ = try ProcessRunner.run("/bin/umount", [store])
        #expect(try project.dims("log", "stats", "--json").stdout == before.stdout)
        #expect(try project.dims("log", "verify").status == 0)
    }
}
