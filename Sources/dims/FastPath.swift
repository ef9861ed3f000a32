import ArgumentParser

/// The commands scripts and hooks run most — `verify`, `update` and `info` with their plain options — parsed without
/// argument-parser, and run from plain values (`GlobalValues`, `Verify.Options`) without constructing its commands. Its first parse reflects over the command, and each dynamic cast it makes scans every protocol
/// conformance record of the binary: about 40 % of `dims info` (BENCHMARKS.md, start-up).
///
/// Only what argument-parser would read the same way is taken here: known options, each at most once, values that do
/// not look like options. Anything else (help, an unknown or repeated option, a value outside an option's choices)
/// returns nil and goes to argument-parser, which answers or gives the usage error as before.
enum FastPath {
    /// The command the arguments (global options already after the subcommand) ask for, and whether it answers in
    /// JSON; nil when argument-parser should parse them.
    static func command(_ arguments: [String]) -> (run: () async throws -> Void, json: Bool)? {
        guard let name = arguments.first else { return nil }
        switch name {
        case "verify":
            guard let options = Options(arguments.dropFirst(), flags: ["--update", "--quiet", "--no-cache"],
                                        values: ["--fail-on", "--category", "--metric"]) else { return nil }
            var failOn = Verify.Options.defaultFailOn
            if let text = options.values["--fail-on"] {
                guard let level = FailLevel(argument: text) else { return nil }
                failOn = level
            }
            let verify = Verify.Options(global: options.global, selection: options.selection, update: options.flags.contains("--update"),
                                        quiet: options.flags.contains("--quiet"), failOn: failOn, noCache: options.flags.contains("--no-cache"))
            return ({ try await Verify.run(verify) }, verify.global.json)
        case "update":
            guard let options = Options(arguments.dropFirst(), flags: [], values: ["--category", "--metric"]) else { return nil }
            let global = options.global, selection = options.selection
            return ({ try await Update.run(global: global, selection: selection) }, global.json)
        case "info":
            guard let options = Options(arguments.dropFirst(), flags: [], values: []) else { return nil }
            let global = options.global
            return ({ try Info.run(global) }, global.json)
        default:
            return nil
        }
    }

    /// The options of one command: the global ones (`--root`, `--json`, `--trust`) and the command's own.
    struct Options {
        // Arrays, not sets: a few names each, and a `Set<String>` operation first used here instantiates its
        // metadata (a scan of every conformance record).
        var flags: [String] = []
        var values: [String: String] = [:]

        /// Nil for an argument that is not one of `flags` or `values` (or the global options), an option given twice,
        /// a missing or empty value, or a value that starts with `-`.
        init?(_ arguments: ArraySlice<String>, flags known: [String], values valued: [String]) {
            let knownFlags = known + ["--json", "--trust"]
            let knownValues = valued + ["--root"]
            var rest = arguments[...]
            while let argument = rest.popFirst() {
                if knownFlags.contains(argument) {
                    guard !flags.contains(argument) else { return nil }
                    flags.append(argument)
                    continue
                }
                let name: String, value: String
                if let equals = argument.utf8.firstIndex(of: UInt8(ascii: "=")), knownValues.contains(String(argument[..<equals])) {
                    name = String(argument[..<equals])
                    value = String(argument[argument.utf8.index(after: equals)...])
                } else if knownValues.contains(argument), let next = rest.popFirst() {
                    name = argument
                    value = next
                } else {
                    return nil
                }
                guard !value.isEmpty, !value.hasPrefix("-"), values.updateValue(value, forKey: name) == nil else { return nil }
            }
        }

        var global: GlobalValues {
            GlobalValues(root: values["--root"], json: flags.contains("--json"), trust: flags.contains("--trust"))
        }

        var selection: SelectionValues {
            SelectionValues(category: values["--category"], metric: values["--metric"])
        }
    }
}
