internal import DIMSCore
internal import Foundation

extension S3CommandRecognizer {
    /// Recognises `aws s3 ls s3://BUCKET/PREFIX --recursive [2>/dev/null] | wc -l | tr -d ' '` and `| grep -c '.ext'`.
    static func recognizeCLI(_ command: String) -> RecognizedCommand? {
        let stages = command.split(separator: "|").map { String($0).trimmed }
        guard let first = stages.first, let words = ShellWords.split(first), words.starts(with: ["aws", "s3", "ls"]) else { return nil }
        var location: String?
        var recursive = false
        var settings: [(key: String, value: ConfigValue)] = []
        var index = 3
        while index < words.count {
            let word = words[index]
            switch word {
            case "--recursive": recursive = true
            case "2>/dev/null": break
            case "--profile", "--region", "--endpoint-url":
                guard index + 1 < words.count else { return nil }
                settings.append((word == "--endpoint-url" ? "endpoint" : String(word.dropFirst(2)), .string(words[index + 1])))
                index += 1
            default:
                guard word.hasPrefix("s3://"), location == nil else { return nil }
                location = String(word.dropFirst(5))
            }
            index += 1
        }
        guard recursive, let location, !location.isEmpty else { return nil }
        let bucket = String(location.prefix { $0 != "/" })
        let prefix = String(location.dropFirst(bucket.count + (location.contains("/") ? 1 : 0)))
        var suffix: String?
        var notes: [String] = []
        var counted = false
        for stage in stages.dropFirst() {
            guard let words = ShellWords.split(stage), let tool = words.first, !counted || tool == "tr" else { return nil }
            switch (tool, Array(words.dropFirst())) {
            case ("wc", ["-l"]): counted = true
            case ("tr", ["-d", " "]), ("xargs", []): guard counted else { return nil }
            case ("grep", let arguments) where suffix == nil:
                let isCount = arguments.first == "-c"
                guard let pattern = arguments.last, arguments.count == (isCount ? 2 : 1),
                      let (ending, exact) = grepSuffix(pattern) else { return nil }
                suffix = ending
                counted = isCount
                if !exact {
                    let word = ending.dropFirst()
                    let everyLine = prefix.dropFirst().contains(word) || bucket.contains(word)
                    notes.append(everyLine
                        ? "The original's grep '\(pattern)' matched 's3://\(bucket)/\(prefix)' itself, so it counted every key there; dims counts keys ending in '\(ending)'"
                        : "The original counted listing lines matching '\(pattern)' anywhere; dims counts keys ending in '\(ending)'")
                }
            default: return nil
            }
        }
        guard counted else { return nil }
        let options = Self.options(bucket: bucket, prefix: prefix, suffix: suffix, measure: [("measure", .string("count"))]) + settings
        return RecognizedCommand(options: options, notes: notes)
    }

    /// The key ending a grep pattern such as `.parquet` or `\.parquet$` looks for, and whether the match is exact.
    static func grepSuffix(_ pattern: String) -> (String, Bool)? {
        var text = pattern
        let anchored = text.hasSuffix("$")
        if anchored { text.removeLast() }
        let escaped = text.hasPrefix("\\.")
        if escaped { text.removeFirst() }
        guard text.hasPrefix("."), text.count > 1, text.dropFirst().allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            return nil
        }
        return (text, anchored && escaped)
    }
}

/// Splits a simple shell command into words, honouring single and double quotes; nil for anything fancier.
enum ShellWords {
    static func split(_ text: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var inWord = false
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
                continue
            }
            switch character {
            case "'", "\"": quote = character; inWord = true
            case " ", "\t":
                if inWord { words.append(current); current = ""; inWord = false }
            case "$", "`", ";", "&", "<", "(", ")": return nil
            default: current.append(character); inWord = true
            }
        }
        guard quote == nil else { return nil }
        if inWord { words.append(current) }
        return words
    }
}
