internal import DIMSCore
internal import Foundation

extension S3CommandRecognizer {
    /// Recognises `aws s3 ls s3://BUCKET/PREFIX --recursive [2>/dev/null]` piped to `wc -l | tr -d ' '`, `grep -c '.ext'`,
    /// `awk '{sum+=$3} END {print sum}'`, or (with `--summarize`) `grep 'Total Objects'` or `'Total Size'` then `awk '{print $3}'`.
    static func recognizeCLI(_ command: String) -> RecognizedCommand? {
        guard let stages = ShellCommand.literalStages(command), let listing = Listing(stages[0]) else { return nil }
        let (bucket, prefix, summarize, settings) = (listing.bucket, listing.prefix, listing.summarize, listing.settings)
        var suffix: String?
        var notes: [String] = []
        var measure: String?
        var total: String?
        for stage in stages.dropFirst() {
            guard let tool = stage.first, measure == nil || tool == "tr" else { return nil }
            let arguments = Array(stage.dropFirst())
            switch (tool, arguments) {
            case ("wc", ["-l"]) where !summarize && total == nil: measure = "count"
            case ("tr", ["-d", " "]), ("xargs", []): guard measure != nil else { return nil }
            case ("grep", let pattern) where summarize && total == nil && [["Total Objects"], ["Total Objects:"]].contains(pattern):
                total = "count"
            case ("grep", let pattern) where summarize && total == nil && [["Total Size"], ["Total Size:"]].contains(pattern):
                total = "size"
            case ("awk", let program) where program.count == 1 && total != nil:
                guard program[0].filter({ !$0.isWhitespace }) == "{print$3}" else { return nil }
                measure = total
            case ("awk", let program) where program.count == 1 && !summarize && suffix == nil && total == nil:
                guard program[0].filter({ !$0.isWhitespace }).wholeMatch(of: /\{([a-z_]+)\+=\$3\}END\{print\1\}/) != nil else { return nil }
                measure = "size"
            case ("grep", let arguments) where !summarize && suffix == nil && total == nil:
                let isCount = arguments.first == "-c"
                guard let pattern = arguments.last, arguments.count == (isCount ? 2 : 1),
                      let (ending, exact) = grepSuffix(pattern) else { return nil }
                suffix = ending
                measure = isCount ? "count" : nil
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
        guard let measure else { return nil }
        let options = Self.options(bucket: bucket, prefix: prefix, suffix: suffix, measure: [("measure", .string(measure))]) + settings
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

/// The arguments of `aws s3 ls s3://BUCKET/PREFIX --recursive [--summarize] [--profile P] [--region R] [--endpoint-url U]`.
struct Listing {
    var bucket: String
    var prefix: String
    var summarize = false
    /// `--profile`, `--region` and `--endpoint-url` as the s3 source's options.
    var settings: [(key: String, value: ConfigValue)] = []

    /// Reads the words of a pipeline's first stage; nil unless it is a recursive listing of one location.
    init?(_ words: [String]) {
        guard words.starts(with: ["aws", "s3", "ls"]) else { return nil }
        var location: String?
        var recursive = false
        var index = 3
        while index < words.count {
            let word = words[index]
            switch word {
            case "--recursive": recursive = true
            case "--summarize": summarize = true
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
        bucket = String(location.prefix { $0 != "/" })
        prefix = String(location.dropFirst(bucket.count + (location.contains("/") ? 1 : 0)))
    }
}

extension ShellCommand {
    /// The words of each stage of a pipeline whose words the shell passes on as written (no expansion, no glob); nil otherwise.
    static func literalStages(_ text: String) -> [[String]]? {
        guard let stages = ShellCommand(text)?.stages, stages.allSatisfy({ $0.allSatisfy(\.isLiteral) }) else { return nil }
        return stages.map { $0.map(\.text) }
    }
}
