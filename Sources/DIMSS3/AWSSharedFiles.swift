internal import Foundation

/// The sections of `~/.aws/credentials` and `~/.aws/config`, read as AWS tools read them.
struct AWSSharedFiles: Sendable {
    /// Profile name to its keys, from the credentials file.
    var credentials: [String: [String: String]] = [:]
    /// Profile name to its keys, from the config file (`[profile name]` read as `name`).
    var config: [String: [String: String]] = [:]

    /// Reads the files named by `AWS_SHARED_CREDENTIALS_FILE` and `AWS_CONFIG_FILE`, or under `HOME/.aws`.
    init(environment: [String: String]) {
        let home = environment["HOME"] ?? ""
        let credentialsPath = environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "\(home)/.aws/credentials"
        let configPath = environment["AWS_CONFIG_FILE"] ?? "\(home)/.aws/config"
        credentials = Self.sections(path: credentialsPath, profilePrefix: false)
        config = Self.sections(path: configPath, profilePrefix: true)
    }

    init(credentials: [String: [String: String]], config: [String: [String: String]]) {
        self.credentials = credentials
        self.config = config
    }

    /// The value of `key` for `profile`: the credentials file first, then the config file.
    func value(_ key: String, profile: String) -> String? {
        credentials[profile]?[key] ?? config[profile]?[key]
    }

    func hasProfile(_ profile: String) -> Bool { credentials[profile] != nil || config[profile] != nil }

    static func sections(path: String, profilePrefix: Bool) -> [String: [String: String]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        return parse(text, profilePrefix: profilePrefix)
    }

    /// Reads INI text; nested (indented) settings such as `s3 =` blocks are skipped.
    static func parse(_ text: String, profilePrefix: Bool) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(whereSeparator: \.isNewline) {
            if rawLine.first == " " || rawLine.first == "\t" { continue }
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                var name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                if profilePrefix, name.hasPrefix("profile ") { name = String(name.dropFirst(8)).trimmingCharacters(in: .whitespaces) }
                current = name
                sections[name, default: [:]] = sections[name] ?? [:]
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            sections[current]?[key] = value
        }
        return sections
    }
}
