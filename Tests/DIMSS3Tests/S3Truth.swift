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

    /// Days missing between the dates of `espn/schedule/YYYYMMDD.json` keys.
    var scheduleGaps: Int64 {
        let days = objects.compactMap { object -> Int64? in
            guard object.key.hasPrefix("espn/schedule/") else { return nil }
            let digits = Array(object.key.dropFirst("espn/schedule/".count).prefix(8))
            guard let year = Int(String(digits[0..<4])), let month = Int(String(digits[4..<6])), let day = Int(String(digits[6..<8])) else { return nil }
            return Int64(Day(year: year, month: month, day: day).daysSince1970)
        }.sorted()
        var gaps: Int64 = 0
        for index in days.indices.dropFirst() { gaps += days[index] - days[index - 1] - 1 }
        return gaps
    }
}
