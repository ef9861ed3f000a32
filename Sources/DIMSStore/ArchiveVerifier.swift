import DIMSCore
import Foundation

/// Checks an archive folder against a log's checkpoint: every file whole, every event's CRC, and the seqs of
/// the archives and the live log forming one gapless, disjoint sequence.
enum ArchiveVerifier {
    static func verify(directory: String, checkpoint: ArchiveCheckpoint, liveFirstSeq: UInt64?) -> ArchiveReport {
        var report = ArchiveReport(checkpoint: checkpoint)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        var years = Set(checkpoint.years.keys)
        var seen = [Bool](repeating: false, count: Int(checkpoint.through) + 1)
        var owner: [UInt64: String] = [:]
        for name in names {
            guard let year = ArchiveFile.year(ofName: name) else { continue }
            years.remove(year)
            let path = directory + "/" + name
            let file: ArchiveFile
            do {
                file = try ArchiveFile.load(path)
            } catch {
                report.problems.append(error.message)
                continue
            }
            let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            report.files.append(ArchiveFileSummary(year: year, path: path, events: file.frames.count, firstSeq: file.frames.first?.seq ?? 0,
                                                   lastSeq: file.frames.last?.seq ?? 0, bytes: bytes))
            var held = 0, pending = 0
            for frame in file.frames {
                if frame.seq > checkpoint.through { pending += 1; continue }
                held += 1
                if seen[Int(frame.seq)] {
                    report.problems.append("Event \(frame.seq) is in both '\(owner[frame.seq] ?? "?")' and '\(path)'")
                }
                seen[Int(frame.seq)] = true
                if owner.count < 1_000_000 { owner[frame.seq] = path }
            }
            let wrong = file.raw.withUnsafeBytes { buffer in
                file.frames.first { frame in
                    let record = UnsafeRawBufferPointer(rebasing: buffer[frame.offset..<(frame.offset + frame.length)])
                    return StreamFormat.observed(ofRecord: record).map { $0.day.year } != year
                }
            }
            if let wrong {
                report.problems.append("The archive '\(path)' holds event \(wrong.seq), which was not observed in \(year)")
            }
            if let expected = checkpoint.years[year], held != expected {
                report.problems.append("The archive '\(path)' holds \(held) of the \(expected) events the log archived in \(year)")
            } else if checkpoint.years[year] == nil, held > 0 {
                report.problems.append("The archive '\(path)' holds \(held) events this log does not list as archived")
            }
            if pending > 0 {
                report.notes.append("'\(path)' holds \(pending) events still in the live log (an interrupted 'dims archive'); the next run finishes it")
            }
        }
        for year in years.sorted() {
            report.problems.append("The archive '\(directory)/\(ArchiveFile.name(year: year))' is missing: \(checkpoint.years[year]!) events of \(year) are only there")
        }
        var seq: UInt64 = 1
        while seq <= checkpoint.through {
            if seen[Int(seq)] { seq += 1; continue }
            var end = seq
            while end + 1 <= checkpoint.through, !seen[Int(end + 1)] { end += 1 }
            report.problems.append(seq == end ? "Event \(seq) is in no archive" : "Events \(seq)...\(end) are in no archive")
            seq = end + 1
        }
        if let liveFirstSeq, liveFirstSeq != checkpoint.through + 1 {
            report.problems.append("The live log starts at event \(liveFirstSeq), but the archives end at event \(checkpoint.through)")
        }
        return report
    }
}
