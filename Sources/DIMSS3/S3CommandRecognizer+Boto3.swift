internal import DIMSCore
internal import Foundation

extension S3CommandRecognizer {
    /// Recognises `python3 -c "import boto3; ..."` one-liners whose whole code has one of the `Boto3Shape`s:
    /// counts, sizes and averages, with a suffix or a size filter, over one prefix or a list of prefixes, and
    /// the gaps or missing days between dates in key names.
    static func recognizeBoto3(_ command: String) -> RecognizedCommand? {
        guard let match = command.wholeMatch(of: /python3? -c "([^"]*)"/), let code = PythonTokens(String(match.1)) else { return nil }
        return recognizeShape(code)
    }

    /// The native measure of one-liner code that has one of the `Boto3Shape`s; nil when it has none.
    static func recognizeShape(_ code: PythonTokens) -> RecognizedCommand? {
        for shape in Boto3Shape.all {
            guard let captures = shape.match(code) else { continue }
            return recognized(shape, captures)
        }
        return nil
    }

    private static func recognized(_ shape: Boto3Shape, _ captures: Boto3Shape.Captures) -> RecognizedCommand? {
        guard let bucket = captures.strings["$BUCKET"], !bucket.isEmpty else { return nil }
        var filters: [(key: String, value: ConfigValue)] = []
        if let threshold = captures.numbers[7777] {
            guard threshold >= 0, threshold == threshold.rounded(), threshold < 1e15 else { return nil }
            let bytes = Int64(threshold)
            switch shape.condition {
            case .below: guard bytes > 0 else { return nil }; filters.append(("max_size", .integer(bytes - 1)))
            case .atMost: filters.append(("max_size", .integer(bytes)))
            case .above: filters.append(("min_size", .integer(bytes + 1)))
            case .atLeast: filters.append(("min_size", .integer(bytes)))
            case .none, .suffix: return nil
            }
        }
        var measure: [(key: String, value: ConfigValue)]
        switch shape.measure {
        case .count: measure = [("measure", .string("count"))]
        case .size: measure = [("measure", .string("size"))]
        case .averageSize: measure = [("measure", .string("avg_size"))]
        case .dateGaps, .missingDays:
            guard let format = captures.strings["$DATEFMT"], let width = captures.numbers[6666], DatePattern(format) != nil,
                  Double(DatePattern.width(of: format)) == width else { return nil }
            measure = [("measure", .string(shape.measure == .dateGaps ? "date_gaps" : "missing_days")), ("date_pattern", .string(format))]
        }
        if let divisor = captures.numbers[9999] {
            guard let unit = ["1024": "KB", "1048576": "MB", "1073741824": "GB", "1099511627776": "TB"][String(Int64(exactly: divisor) ?? 0)] else { return nil }
            measure.append(("unit", .string(unit)))
        }
        if let digits = captures.numbers[5555] {
            guard digits >= 0, digits <= 12, digits == digits.rounded() else { return nil }
            measure.append(("precision", .integer(Int64(digits))))
        }
        var options = Self.options(bucket: bucket, prefix: captures.strings["$PREFIX"] ?? "", suffix: captures.strings["$SUFFIX"], measure: filters + measure)
        if let prefixes = captures.prefixes {
            options.insert(("prefixes", .list(prefixes.map(ConfigValue.string))), at: 2)
        }
        var notes: [String] = []
        if !shape.paginated {
            notes.append("The original called list_objects_v2 once\(captures.prefixes == nil ? "" : " per prefix") and saw at most the first 1,000 keys; "
                         + "dims lists every key, so the two agree only while there are no more")
        }
        return RecognizedCommand(options: options, notes: notes)
    }
}
