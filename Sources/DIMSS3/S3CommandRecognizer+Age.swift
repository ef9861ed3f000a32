internal import DIMSCore

extension S3CommandRecognizer {
    /// Recognises the age of the newest or oldest object of a listing, in whole days, hours or minutes:
    /// `echo $(( ($(date +%s) - $(date -d "$(aws s3 ls s3://B/P --recursive | sort | tail -1 | awk '{print $1" "$2}')" +%s)) / 86400 ))`.
    ///
    /// `sort | tail -1` (or `sort -r | head -1`) is the newest line, `sort | head -1` the oldest; without `sort` the
    /// listing is in key order, so its last line is not the newest object, and the command stays a command.
    static func recognizeAge(_ command: String) -> RecognizedCommand? {
        let compact = command.trimmed
        guard let match = compact.wholeMatch(of: /echo \$\(\(\s*\(\s*\$\(date \+%s\)\s*-\s*\$\(date -d "\$\((.+)\)" \+%s\)\s*\)\s*\/\s*(86400|3600|60)\s*\)\)/)
        else { return nil }
        guard let stages = ShellCommand.literalStages(String(match.1)), stages.count == 4, let listing = Listing(stages[0]), !listing.summarize
        else { return nil }
        let (sorted, picked, fields) = (stages[1], stages[2], stages[3])
        let reversed: Bool
        switch sorted {
        case ["sort"]: reversed = false
        case ["sort", "-r"]: reversed = true
        default: return nil
        }
        let last: Bool
        switch picked {
        case ["tail", "-1"], ["tail", "-n", "1"], ["tail", "-n1"]: last = true
        case ["head", "-1"], ["head", "-n", "1"], ["head", "-n1"]: last = false
        default: return nil
        }
        guard [["awk", "{print $1\" \"$2}"], ["awk", "{print $1, $2}"], ["awk", "{print $1 \" \" $2}"], ["cut", "-d", " ", "-f1,2"], ["cut", "-d ", "-f1,2"]]
            .contains(fields) else { return nil }
        let unit = ["86400": "days", "3600": "hours", "60": "minutes"][String(match.2)] ?? "days"
        let measure = last != reversed ? "newest_age" : "oldest_age"
        let options = Self.options(bucket: listing.bucket, prefix: listing.prefix, measure: [("measure", .string(measure)), ("unit", .string(unit))])
        return RecognizedCommand(options: options + listing.settings,
                                 notes: ["an empty listing is an error now; the original's 'date -d' of an empty line gave the age of today's midnight"])
    }
}
