public import Foundation

/// The result of running a program to its end.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs programs as a user would, and finds the binaries this package builds.
public enum ProcessRunner {
    /// Runs `executable` with `arguments` in `directory`, with `environment` added to this process's.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], in directory: String? = nil,
                           environment: [String: String] = [:], input: String? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        if executable.hasSuffix("/dims") { env.merge(dimsTrust) { $1 } }
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try? inPipe.fileHandleForWriting.close()
        // Read both pipes concurrently so that neither fills up.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The trust store every run of `dims` from the tests uses unless a test gives its own.
    public static let trustStore = FileManager.default.temporaryDirectory.path + "/dims-test-trust-\(getpid())"

    /// The environment every run of `dims` from the tests gets: test projects are the tests' own, so they are trusted
    /// unless a test says otherwise, and the trust store is a temp folder, so no test reads or writes the user's real one.
    public static let dimsTrust = ["DIMS_TRUST": "1", "DIMS_TRUST_STORE": trustStore]

    /// The folder holding the built products (`.build/debug`), found from the package root or `DIMS_BUILD_DIR`.
    public static var productsDirectory: String {
        if let dir = ProcessInfo.processInfo.environment["DIMS_BUILD_DIR"] { return dir }
        // The test bundle sits in the products folder.
        let bundle = Bundle.main.bundlePath
        for candidate in [bundle, (bundle as NSString).deletingLastPathComponent, CommandLine.arguments.first.map { ($0 as NSString).deletingLastPathComponent } ?? ""] {
            if FileManager.default.isExecutableFile(atPath: candidate + "/dims") { return candidate }
        }
        return packageRoot + "/.build/debug"
    }

    /// The root of this package.
    public static var packageRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }

    /// The path of a product binary, e.g. `dims`.
    public static func binary(_ name: String) -> String { productsDirectory + "/" + name }
}
