public import Foundation

/// A python3 fixture script from Tests/Fixtures/FOLDER (`s3` by default) that prints its port on the first line and runs until stdin closes.
/// `@unchecked Sendable`: its process and pipe are set once in `init` and only closed in `deinit`.
public final class FixtureProcess: @unchecked Sendable {
    public let port: Int
    private let process: Process
    private let input: Pipe

    public init(script: String, arguments: [String] = [], folder: String = "s3") throws {
        let fixtures = URL(fileURLWithPath: ProcessRunner.packageRoot).appendingPathComponent("Tests/Fixtures/\(folder)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", fixtures.appendingPathComponent(script).path] + arguments
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        guard let port = Int(output.firstLine().trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw FixtureError(message: "Fixture '\(script)' did not print its port")
        }
        self.port = port
        self.process = process
        self.input = input
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.terminate()
    }
}

public struct FixtureError: Error, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

extension Pipe {
    /// What the process writing to this pipe printed up to its first newline (or its end), decoded as UTF-8.
    public func firstLine() -> String {
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        return String(decoding: line, as: UTF8.self)
    }
}
