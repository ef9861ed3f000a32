/// The credentials in an environment (secret keys, tokens, passwords), so that no value or message carries one.
public struct CredentialValues: Sendable {
    /// Each credential's variable name and value, longest value first.
    public let values: [(name: String, value: String)]

    /// Words in a variable's name that mark its value as a credential.
    static let markers = ["SECRET", "TOKEN", "PASSWORD", "PASSWD", "CREDENTIAL", "PRIVATE", "API_KEY", "APIKEY", "ACCESS_KEY", "SESSION"]
    /// Values shorter than this are not treated as credentials: they would match ordinary output.
    static let minimumLength = 8

    public init(environment: [String: String]) {
        values = environment.filter { name, value in
            let upper = name.uppercased()
            return value.utf8.count >= CredentialValues.minimumLength && CredentialValues.markers.contains { CredentialValues.bytes(of: upper, contain: $0) }
        }.map { (name: $0.key, value: $0.value) }.sorted { ($0.value.count, $0.name) > ($1.value.count, $1.name) }
    }

    /// Whether `text`'s UTF-8 holds `part`'s: a plain byte search, for the variable names of every run (the generic
    /// `String.contains` instantiates its metadata on first use, a few milliseconds of a short command).
    static func bytes(of text: String, contain part: String) -> Bool {
        let haystack = Array(text.utf8), needle = Array(part.utf8)
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    /// The name of the first credential `text` contains, or nil.
    public func found(in text: String) -> String? {
        values.first { text.contains($0.value) }?.name
    }

    /// `text` with every credential replaced by `[$NAME]`.
    public func redacted(_ text: String) -> String {
        var text = text
        for (name, value) in values where text.contains(value) {
            text = text.split(separator: value, omittingEmptySubsequences: false).joined(separator: "[$\(name)]")
        }
        return text
    }
}
