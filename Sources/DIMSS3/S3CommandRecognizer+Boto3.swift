internal import DIMSCore
internal import Foundation

extension S3CommandRecognizer {
    /// Names whose presence means the one-liner computes something a native measure does not reproduce exactly.
    static let unmappedBoto3Words = ["LastModified", "StorageClass", "Delimiter", "StartAfter", "MaxKeys", "CommonPrefixes",
                                     "ETag", "startswith", "endpoint_url", "Owner", "lower(", "upper("]

    /// Recognises `python3 -c "import boto3; ... list_objects_v2 ... print(...)"` counts, sizes, small-file counts and averages.
    static func recognizeBoto3(_ command: String) -> RecognizedCommand? {
        guard let match = command.wholeMatch(of: /python3? -c "([^"]*)"/) else { return nil }
        let code = String(match.1)
        guard code.contains("import boto3"), code.contains("client('s3'"), code.contains("list_objects_v2"),
              !unmappedBoto3Words.contains(where: code.contains) else { return nil }
        let buckets = Set(code.matches(of: /Bucket\s*=\s*'([^']+)'/).map { String($0.1) })
        let prefixes = Set(code.matches(of: /Prefix\s*=\s*'([^']*)'/).map { String($0.1) })
        let suffixes = Set(code.matches(of: /\.endswith\('([^']+)'\)/).map { String($0.1) })
        guard buckets.count == 1, let bucket = buckets.first, prefixes.count <= 1, suffixes.count <= 1 else { return nil }
        guard let printed = code.range(of: "print(", options: .backwards).map({ String(code[$0.upperBound...]) }) else { return nil }

        var measure: [(key: String, value: ConfigValue)]
        if let threshold = code.firstMatch(of: /\['Size'\]\s*(<=?)\s*([0-9][0-9_*\s]*[0-9]|[0-9])/) {
            guard let bytes = product(String(threshold.2)) else { return nil }
            measure = [("measure", .string("count_smaller_than")), ("bytes", .integer(threshold.1 == "<=" ? bytes + 1 : bytes))]
        } else if code.contains("['Size']") {
            let average = code.contains("len(")
            measure = [("measure", .string(average ? "avg_size" : "size"))]
            guard let unit = unit(dividing: printed) else { return nil }
            if let unit { measure.append(("unit", .string(unit))) }
        } else if code.contains("'Contents'") || code.contains("KeyCount") {
            measure = [("measure", .string("count"))]
        } else {
            return nil
        }
        if let precision = printed.firstMatch(of: /^\s*round\(.*,\s*([0-9]+)\s*\)\s*\)\s*$/) {
            measure.append(("precision", .integer(Int64(precision.1) ?? 0)))
        }
        var notes: [String] = []
        if !code.contains("get_paginator") {
            notes.append("The original called list_objects_v2 once and saw at most the first 1,000 keys; dims counts every key")
        }
        let options = Self.options(bucket: bucket, prefix: prefixes.first ?? "", suffix: suffixes.first, measure: measure)
        return RecognizedCommand(options: options, notes: notes)
    }

    /// The unit that the divisions in `expression` (`/ 1024 / 1024`, `/ (1024 ** 3)`) convert bytes to: nil when
    /// they are not powers of 1024, `.some(nil)` when there are none.
    static func unit(dividing expression: String) -> String?? {
        var divisor: Int64 = 1
        for division in expression.matches(of: /\/\s*\(?\s*([0-9][0-9*\s]*)\)?/) {
            guard let value = product(String(division.1)) else { return nil }
            divisor *= value
        }
        switch divisor {
        case 1: return .some(nil)
        case 1024: return "KB"
        case 1_048_576: return "MB"
        case 1_073_741_824: return "GB"
        case 1_099_511_627_776: return "TB"
        default: return nil
        }
    }

    /// The value of a product such as `1024 * 1024`, `1024**3` or `1_048_576`.
    static func product(_ text: String) -> Int64? {
        let compact = text.filter { !$0.isWhitespace && $0 != "_" }
        if let power = compact.wholeMatch(of: /([0-9]+)\*\*([0-9]+)/), let base = Int64(power.1), let exponent = Int(power.2), exponent < 8 {
            return (0..<exponent).reduce(Int64(1)) { result, _ in result * base }
        }
        let factors = compact.split(separator: "*").map { Int64($0) }
        guard !factors.isEmpty, !factors.contains(nil) else { return nil }
        return factors.reduce(Int64(1)) { $0 * ($1 ?? 1) }
    }
}
