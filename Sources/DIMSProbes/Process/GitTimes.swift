/// One `git` metric's cache entry: `v3 SIGNATURE GRAPH SINCE|- COUNT WALKED TIPS|- TIME TIME ...`, the times newest
/// first in git's order, the tips comma-separated.
struct GitTimes: Equatable {
    /// The digest of the metric's options and of the ref state the times were read at: `OPTIONS-REFS`.
    var signature: String
    /// What besides the refs decides the commits they reach (`GitRefState.graph`), or `-` when unknown.
    var graph: String
    /// The `since` the walk stopped at, or nil for the whole history.
    var since: Int?
    /// How many commits matched.
    var count: Int
    /// How many commits git walked to find them (every commit newer than `since`): what counting again costs.
    var walked: Int
    /// The commits the count starts from (what `--all` or `HEAD` named), so that a later run counts only the commits
    /// added since; empty when they were not kept.
    var tips: [String]
    /// Their committer times; for a metric without `since` or `until`, only the newest.
    var times: [Int]

    var encoded: String {
        (["v3", signature, graph, since.map(String.init) ?? "-", String(count), String(walked), tips.isEmpty ? "-" : tips.joined(separator: ",")]
            + times.map(String.init)).joined(separator: " ")
    }

    init(signature: String, graph: String, since: Int?, count: Int, walked: Int, tips: [String], times: [Int]) {
        self.signature = signature
        self.graph = graph
        self.since = since
        self.count = count
        self.walked = walked
        self.tips = tips
        self.times = times
    }

    init?(decoding text: String) {
        let words = text.split(separator: " ")
        guard words.count >= 7, words[0] == "v3", let count = Int(words[4]), let walked = Int(words[5]) else { return nil }
        signature = String(words[1])
        graph = String(words[2])
        if words[3] == "-" { since = nil } else if let value = Int(words[3]) { since = value } else { return nil }
        self.count = count
        self.walked = walked
        tips = words[6] == "-" ? [] : words[6].split(separator: ",").map(String.init)
        guard tips.allSatisfy(Self.isObjectName) else { return nil }
        var times: [Int] = []
        times.reserveCapacity(words.count - 7)
        for word in words.dropFirst(7) {
            guard let time = Int(word) else { return nil }
            times.append(time)
        }
        self.times = times
    }

    /// Whether `text` is a full object name (lowercase hex, SHA-1 or SHA-256): only such words are handed to git.
    static func isObjectName(_ text: String) -> Bool {
        (text.utf8.count == 40 || text.utf8.count == 64) && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    /// Whether the options part of the signature is `options`.
    func hasOptions(_ options: String) -> Bool {
        signature.hasPrefix(options + "-")
    }
}
