public import DIMSCore
internal import Foundation

/// Recognises the S3 one-liners of the original config (`aws s3 ls ... | wc -l`, boto3 listings) for `dims config migrate`.
///
/// The rewrite drops `2>/dev/null` and `|| echo 0`, so a failed listing becomes an ERROR instead of a zero.
public struct S3CommandRecognizer: CommandRecognizer {
    public init() {}

    public func recognize(_ command: String) -> RecognizedCommand? {
        let shell = ShellTail(command)
        let recognized = Self.recognizeCLI(shell.body) ?? Self.recognizeBoto3(shell.body) ?? Self.recognizeFormula(shell.body)
            ?? Self.recognizeAge(shell.body)
        guard var recognized else { return nil }
        if let fallback = shell.fallback {
            recognized.notes.append("Dropped '|| echo \(fallback)': a failed listing is now an error instead of \(fallback)")
        }
        return recognized
    }

    /// The warning for an S3 command that stays a command, when its `|| echo 0` hides failures; nil otherwise.
    public static func warning(for command: String) -> String? {
        let shell = ShellTail(command)
        guard let fallback = shell.fallback, command.contains("aws s3") || command.contains("boto3") else { return nil }
        return "This S3 command ends in '|| echo \(fallback)', which reports a failed listing as \(fallback)"
    }

    /// The options of a rewritten metric, in the order the config shows them.
    static func options(bucket: String, prefix: String, suffix: String? = nil, measure: [(key: String, value: ConfigValue)])
        -> [(key: String, value: ConfigValue)] {
        var options: [(key: String, value: ConfigValue)] = [("source", .string("s3")), ("bucket", .string(bucket))]
        if !prefix.isEmpty { options.append(("prefix", .string(prefix))) }
        if let suffix { options.append(("suffix", .string(suffix))) }
        return options + measure
    }
}

/// A shell command split from its `2>/dev/null` and `|| echo 0` endings.
struct ShellTail {
    /// The command without its endings, trimmed.
    var body: String
    /// The value after `|| echo`, when there is one.
    var fallback: String?

    init(_ command: String) {
        var text = command.trimmed
        if let range = text.range(of: #"\|\|\s*echo\s+["']?([0-9.]+)["']?\s*$"#, options: .regularExpression) {
            fallback = String(text[range]).replacing(/^\|\|\s*echo\s+/, with: "").filter { $0 != "\"" && $0 != "'" }.trimmed
            text = String(text[..<range.lowerBound]).trimmed
        }
        while let range = text.range(of: #"\s*2>\s*/dev/null\s*$"#, options: .regularExpression) {
            text = String(text[..<range.lowerBound]).trimmed
        }
        body = text
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
