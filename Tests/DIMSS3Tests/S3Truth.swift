@testable import DIMSS3
import DIMSCore

/// The expected values of the measures, computed plainly from the objects boto3 listed.
struct S3Truth {
    var objects: [S3Object]

    func matching(prefix: String = "", suffix: String? = nil, minSize: Int64? = nil, maxSize: Int64? = nil) -> [S3Object] {
        objects.filter { object in
            object.key.hasPrefix(prefix) && (suffix.map { object.key.hasSuffix($0) } ?? true)
                && object.size >= (minSize ?? 0) && object.size <= (maxSize ?? .max)
        }
    }

    /// Gaps (consecutive dates more than a day apart) between the dates of `espn/schedule/YYYYMMDD.json` keys.
    var scheduleGaps: Int64 {
        let days = scheduleDays
        return Int64(days.indices.dropFirst().filter { days[$0] - days[$0 - 1] > 1 }.count)
    }

    /// Days missing between the dates of `espn/schedule/YYYYMMDD.json` keys.
    var scheduleMissingDays: Int64 {
        let days = scheduleDays
        var missing: Int64 = 0
        for index in days.indices.dropFirst() { missing += days[index] - days[index - 1] - 1 }
        return missing
    }

    private var scheduleDays: [Int64] {
        let days = objects.compactMap { object -> Int64? in
            guard object.key.hasPrefix("espn/schedule/") else { return nil }
            let digits = Array(object.key.dropFirst("espn/schedule/".count).prefix(8))
            guard let year = Int(String(digits[0..<4])), let month = Int(String(digits[4..<6])), let day = Int(String(digits[6..<8])) else { return nil }
            return Int64(Day(year: year, month: month, day: day).daysSince1970)
        }
        return Array(Set(days)).sorted()
    }

    /// The requests of one pass over `prefix` (after `startAfter`): one page, then (past 1,000 keys) one delimited
    /// listing and a pass over each folder after the page, split the same way up to three levels deep.
    func requests(prefix: String, startAfter: String? = nil, depth: Int = 0) -> Int {
        let keys = matching(prefix: prefix).map(\.key)
            .filter { key in startAfter.map { $0.utf8.lexicographicallyPrecedes(key.utf8) } ?? true }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        guard keys.count > 1000 else { return 1 }
        guard depth < 3 else { return (keys.count + 999) / 1000 }
        let last = keys[999]
        func folder(_ key: String) -> String? {
            let tail = key.dropFirst(prefix.count)
            return tail.firstIndex(of: "/").map { prefix + tail[...$0] }
        }
        let rest = keys.dropFirst(1000)
        let folders = Set(rest.compactMap(folder))
        let direct = rest.filter { folder($0) == nil }.count
        var total = 1 + max(1, (direct + folders.count + 999) / 1000)
        let lastFolder = folder(last)
        if let lastFolder { total += requests(prefix: lastFolder, startAfter: last, depth: depth + 1) }
        for other in folders where other != lastFolder { total += requests(prefix: other, depth: depth + 1) }
        return total
    }
}
