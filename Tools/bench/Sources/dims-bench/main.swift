// dims-bench: drives the event log the way the benchmarks and the crash tests need.
//
//   dims-bench append DIR EVENTS BATCH [METRICS]   append generated events in durable batches; prints events/s
//   dims-bench append-single DIR COUNT             durable single-event appends; prints the mean latency
//   dims-bench replay DIR                          rebuild every projection; prints events/s and peak RSS
//   dims-bench asof DIR QUERIES                    state of every metric as of random times; prints ms per query
//   dims-bench history DIR QUERIES DAYS            one metric's series over DAYS days; prints ms per query
//   dims-bench scan DIR                            decode every event; prints events/s
//   dims-bench open DIR                            open the log for writing and for reading, walking the trees and after a walk; prints ms
//   dims-bench batches DIR BATCH COUNT TAG         append COUNT batches of BATCH events tagged TAG (crash and concurrency tests)
import DIMSCore
import DIMSStore
import Foundation
import Glibc

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: dims-bench append|append-single|replay|asof|history|scan|batches DIR ...\n".utf8))
    exit(2)
}
let mode = arguments[1]
let directory = arguments[2]
func int(_ index: Int, _ fallback: Int) -> Int { arguments.count > index ? Int(arguments[index]) ?? fallback : fallback }
func seconds(since start: DispatchTime) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }

/// A field of /proc/self/status in MB (VmHWM is the peak resident set).
func status(_ field: String) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
        return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
    }
    return 0
}

/// Peak resident set size in MB, from /proc/self/status.
func peakRSS() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
    }
    return 0
}

/// Events like a year of a 60-metric project: mostly readings, some baselines and cache writes, spread over `days`.
func generate(_ count: Int, from offset: Int, metrics: Int, days: Int) -> [LoggedEvent] {
    let start = Day(year: 2023, month: 1, day: 1).start
    let step = Double(days * 86_400) / Double(max(count, 1))
    return (offset..<(offset + count)).map { i in
        let metric = MetricPath("category\(i % 6).metric\(i % metrics)")
        let observed = start.adding(seconds: Double(i - offset) * step + Double(offset) * step)
        let event: Event = i % 50 == 0
            ? .baselineSet(BaselineChange(metric: metric, previous: .integer(Int64(i - 1)), value: .integer(Int64(i)), reason: .verifyUpdate))
            : .measured(Reading(metric: metric, value: .integer(Int64(100_000 + i)), source: "files", durationMicros: 1200))
        return LoggedEvent(recorded: observed, observed: observed, actor: "bench@host", event: event)
    }
}

do {
    switch mode {
    case "append":
        let total = int(3, 100_000), batch = int(4, 1000), metrics = int(5, 60)
        let log = try EventLog(directory: directory)
        let events = generate(total, from: 0, metrics: metrics, days: 3 * 365)
        let started = DispatchTime.now()
        var index = 0
        while index < total {
            try log.append(Array(events[index..<min(index + batch, total)]))
            index += batch
        }
        let elapsed = seconds(since: started)
        print("append events=\(total) batch=\(batch) seconds=\(elapsed) events_per_s=\(Double(total) / elapsed)")
    case "append-single":
        let count = int(3, 200)
        let log = try EventLog(directory: directory)
        let events = generate(count, from: 10_000_000, metrics: 60, days: 1)
        let started = DispatchTime.now()
        for event in events { try log.append([event]) }
        print("append-single count=\(count) mean_ms=\(seconds(since: started) * 1000 / Double(count))")
    case "replay":
        let log = try EventLog(directory: directory)
        let started = DispatchTime.now()
        let result = try log.replay()
        let elapsed = seconds(since: started)
        print("replay events=\(result.events) seconds=\(elapsed) events_per_s=\(Double(result.events) / elapsed) peak_rss_mb=\(peakRSS()) rss_anon_mb=\(status("RssAnon")) rss_file_mb=\(status("RssFile"))")
    case "scan":
        let log = try EventLog(directory: directory, readOnly: true)
        var count = 0
        let started = DispatchTime.now()
        try log.scan { _ in count += 1; return true }
        let elapsed = seconds(since: started)
        print("scan events=\(count) seconds=\(elapsed) events_per_s=\(Double(count) / elapsed)")
    case "asof":
        let queries = int(3, 200)
        let log = try EventLog(directory: directory, readOnly: true)
        guard let first = try log.firstObserved(), let last = try log.lastObserved() else { throw StoreError(code: .unavailable, message: "empty log") }
        var generator = SystemRandomNumberGenerator()
        var metrics = 0
        let started = DispatchTime.now()
        for _ in 0..<queries {
            let t = Timestamp(micros: Int64.random(in: first.micros...last.micros, using: &generator))
            metrics = try log.states(asOf: t).count
        }
        print("asof queries=\(queries) metrics=\(metrics) ms_per_query=\(seconds(since: started) * 1000 / Double(queries))")
    case "history":
        let queries = int(3, 200), days = int(4, 30)
        let log = try EventLog(directory: directory, readOnly: true)
        guard let first = try log.firstObserved(), let last = try log.lastObserved() else { throw StoreError(code: .unavailable, message: "empty log") }
        var points = 0
        let started = DispatchTime.now()
        for q in 0..<queries {
            let span = Int64(days) * 86_400_000_000
            let from = Timestamp(micros: first.micros + Int64(q) * (last.micros - first.micros - span) / Int64(queries))
            points = try log.series(of: MetricPath("category\(q % 6).metric\(q % 6)"), from: from, to: Timestamp(micros: from.micros + span)).count
        }
        print("history queries=\(queries) days=\(days) points=\(points) ms_per_query=\(seconds(since: started) * 1000 / Double(queries))")
    case "open":
        // Each open walks the trees it needs unless a walk of the same snapshot left its record (`checked`).
        func open(readOnly: Bool, forget: Bool) throws -> Double {
            if forget { unlink(directory + "/checked") }
            let started = DispatchTime.now()
            _ = try EventLog(directory: directory, readOnly: readOnly)
            return seconds(since: started) * 1000
        }
        let writeWalk = try open(readOnly: false, forget: true), readKnown = try open(readOnly: true, forget: false)
        let readWalk = try open(readOnly: true, forget: true), writeKnown = try open(readOnly: false, forget: false)
        print("open write_ms=\(writeWalk) read_ms=\(readWalk) write_after_check_ms=\(writeKnown) read_after_check_ms=\(readKnown)")
    case "batches":
        let batch = int(3, 50), count = int(4, 100)
        let tag = arguments.count > 5 ? arguments[5] : "p"
        let log = try EventLog(directory: directory)
        for b in 0..<count {
            let now = Timestamp(seconds: 1_700_000_000 + Int64(b))
            let events = (0..<batch).map { i in
                LoggedEvent(recorded: now, observed: now, actor: "\(tag)@host", event: .measured(Reading(
                    metric: MetricPath("batch.\(tag)"), value: .integer(Int64(b)), source: ReadingSource(rawValue: "\(tag)-batch-\(b)"), durationMicros: UInt64(i))))
            }
            try log.append(events)
            FileHandle.standardOutput.write(Data("committed \(tag) \(b)\n".utf8))
            FileHandle.standardOutput.synchronizeFile()
        }
    default:
        FileHandle.standardError.write(Data("dims-bench: unknown mode '\(mode)'\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("dims-bench: \(error)\n".utf8))
    exit(3)
}
