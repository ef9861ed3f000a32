import ArgumentParser
import DIMSWorkflow

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The project root (the folder holding inventory/); by default the nearest one upwards.")
    var root: String?

    @Flag(name: .long, help: "Print a machine-readable JSON answer.")
    var json = false

    @Flag(name: .long, help: "Trust this project's commands, endpoints and outside paths for this run (as DIMS_TRUST=1 does).")
    var trust = false
}

/// The global options as plain values, for a command `FastPath` builds: constructing `GlobalOptions` runs its
/// property wrappers, whose first use instantiates argument-parser's types (scans of every conformance record).
struct GlobalValues {
    var root: String?
    var json = false
    var trust = false
}

extension GlobalOptions {
    var values: GlobalValues { GlobalValues(root: root, json: json, trust: trust) }
}

extension Project {
    /// The project `--root` names, or the nearest one upwards.
    init(_ options: GlobalOptions) throws {
        try self.init(options.values)
    }

    init(_ values: GlobalValues) throws {
        try self.init(root: values.root, trust: values.trust)
    }
}

extension GlobalOptions {
    /// The arguments with the global options written before the subcommand (`dims --root DIR verify`) moved after it,
    /// where the subcommand parses them.
    static func movedAfterSubcommand(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--json" || argument == "--trust" || argument.hasPrefix("--root=") {
                leading.append(argument)
                index += 1
            } else if argument == "--root", index + 1 < arguments.count {
                leading += [argument, arguments[index + 1]]
                index += 2
            } else {
                break
            }
        }
        var rest = Array(arguments[index...])
        guard !leading.isEmpty, !rest.isEmpty else { return arguments }
        rest.insert(contentsOf: leading, at: rest.firstIndex(of: "--") ?? rest.endIndex)
        return rest
    }

    /// Whether `--json` stands among `arguments` (before any `--`): how an error is printed when parsing failed.
    static func jsonRequested(in arguments: [String]) -> Bool {
        arguments.prefix { $0 != "--" }.contains("--json")
    }

    /// The global options `command` parsed, if it takes them.
    static func of(_ command: any ParsableCommand) -> GlobalOptions? {
        Mirror(reflecting: command).children.lazy.compactMap { ($0.value as? OptionGroup<GlobalOptions>)?.wrappedValue }.first
    }
}
