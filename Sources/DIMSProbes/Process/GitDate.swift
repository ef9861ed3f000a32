#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The moment a `--since` or `--until` value names, in Unix seconds, computed as git's `approxidate` does.
///
/// The relative form configs use (`2 weeks ago`, `1.month.ago`, `3 days`) is computed here, with the same
/// `localtime`/`mktime` steps as git; any other text is left to git (`git rev-parse --since=TEXT`), so the result is
/// always git's own.
enum GitDate {
    /// `N unit[s] [ago]` at `now`, or nil when `text` is not of that form.
    static func relative(_ text: String, now: Int) -> Int? {
        var words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if words.count == 1 { words = text.split(separator: ".").map(String.init) }
        if words.count == 3, words[2].lowercased() == "ago" { words.removeLast() }
        guard words.count == 2, (1...6).contains(words[0].count), words[0].first != "0",
              words[0].utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let number = Int(words[0]) else { return nil }
        var unit = words[1].lowercased()
        if unit.hasSuffix("s") { unit.removeLast() }
        let seconds = ["second": 1, "minute": 60, "hour": 3600, "day": 86_400, "week": 604_800][unit]
        var clock = time_t(now)
        var parts = tm()
        guard localtime_r(&clock, &parts) != nil else { return nil }
        if let seconds {
            // update_tm(tm, now, N × unit): mktime(localtime(now)) - seconds, then localtime and mktime again.
            var moment = mktime(&parts) - time_t(number * seconds)
            guard localtime_r(&moment, &parts) != nil else { return nil }
            return Int(mktime(&parts))
        }
        switch unit {
        case "month":
            var month = Int(parts.tm_mon) - number
            while month < 0 {
                month += 12
                parts.tm_year -= 1
            }
            parts.tm_mon = Int32(month)
        case "year":
            parts.tm_year -= Int32(number)
        default:
            return nil
        }
        return Int(mktime(&parts))
    }

    /// What git makes of `text` as `--since` (`since: true`) or `--until`, asking `git rev-parse` unless it is relative.
    static func resolve(_ text: String, since: Bool, now: Int, git: String, directory: String, environment: [String: String]) -> Int? {
        if let moment = relative(text, now: now) { return moment }
        let option = since ? "--since" : "--until"
        let process = Subprocess(arguments: [git, "rev-parse", "\(option)=\(text)"], directory: directory, environment: environment, timeout: 10)
        guard let outcome = try? process.run(), outcome.status == 0, !outcome.timedOut else { return nil }
        let prefix = since ? "--max-age=" : "--min-age="
        let line = outcome.text.split(separator: "\n").first.map(String.init) ?? ""
        guard line.hasPrefix(prefix) else { return nil }
        return Int(line.dropFirst(prefix.count))
    }
}
