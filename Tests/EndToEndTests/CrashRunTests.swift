import DIMSCore
import DIMSStore
import DIMSTestSupport
import Foundation
import Testing

/// SIGKILLs at random moments of update, snapshot and archive: afterwards one command leaves no temp file,
/// a sound log, and metrics.yaml matching the log.
struct CrashRunTests {
    @Test func killedCommandsLeaveNoTempFileAndASoundLog() throws {
        let kills = Int(ProcessInfo.processInfo.environment["DIMS_CRASH_KILLS"] ?? "") ?? 60
        let project = try TestProject()
        // Two years of history first, so that archive has whole years to move.
        for (index, now) in ["2023-03-01", "2023-09-01", "2024-03-01", "2024-09-01", "2025-09-01"].enumerated() {
            project.now = now + "T09:00:00Z"
            project.setValue("count", 100 + index)
            #expect(try project.dims("update").status == 0)
        }
        var generator = SeededGenerator(seed: 60)
        var killed = 0
        for round in 0..<kills {
            let day = round % 28 + 1
            project.now = String(format: "2025-10-%02dT%02d:00:00Z", day, round % 24)
            project.setValue("count", 200 + round)
            project.setValue("lines", 3000 + round * 3)
            let arguments: [String] = switch round % 3 {
            case 0: ["update"]
            case 1: ["snapshot"]
            default: ["archive", "run", "--before", "2025-01-01"]
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ProcessRunner.binary("dims"))
            process.arguments = arguments + ["--root", project.root]
            process.environment = ProcessInfo.processInfo.environment.merging(["DIMS_NOW": project.now, "DIMS_ACTOR": project.actor]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 2_000...80_000, using: &generator))
            if process.isRunning { killed += 1 }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        print("crash run: \(killed) of \(kills) commands killed while running")
        #expect(killed > 0, "commands were killed mid-run")

        // One command that moves no baseline: it removes the temp files and brings metrics.yaml up to the log.
        let after = try project.dims("verify")
        #expect(after.status <= 1, "\(after.stdout)\(after.stderr)")
        let temps = try FileManager.default.subpathsOfDirectory(atPath: project.root + "/inventory").filter { $0.hasSuffix(".tmp") }
        #expect(temps.isEmpty, "temp files remain: \(temps)")
        let verify = try project.dims("log", "verify")
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(try project.dims("replay", "--check").status == 0)
        #expect(try project.dims("archive", "verify").status == 0)
        let baselines = try EventLog(directory: project.root + "/inventory/.dims", readOnly: true).currentStates()
            .compactMapValues { state in state.baseline.map { "\($0.value)" } }
        #expect(Self.values(inMetricsFile: project.read("inventory/metrics.yaml") ?? "") == baselines.mapKeys(\.rawValue))
    }

    /// `category.metric → value` of a metrics.yaml as dims writes it (two levels of keys, then `value:`).
    static func values(inMetricsFile text: String) -> [String: String] {
        var result: [String: String] = [:]
        var category = "", metric = ""
        for line in text.split(separator: "\n") {
            let indent = line.prefix { $0 == " " }.count
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if indent == 0, trimmed.hasSuffix(":") { category = String(trimmed.dropLast()) }
            else if indent == 2, trimmed.hasSuffix(":") { metric = String(trimmed.dropLast()) }
            else if indent == 4, trimmed.hasPrefix("value: "), category != "metadata" {
                result[category + "." + metric] = String(trimmed.dropFirst(7)).trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
            }
        }
        return result
    }
}

extension Dictionary {
    func mapKeys<K: Hashable>(_ transform: (Key) -> K) -> [K: Value] { Dictionary<K, Value>(uniqueKeysWithValues: map { (transform($0.key), $0.value) }) }
}
