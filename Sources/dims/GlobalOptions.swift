import ArgumentParser

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The project root (the folder holding inventory/); by default the nearest one upwards.")
    var root: String?

    @Flag(name: .long, help: "Print a machine-readable JSON answer.")
    var json = false

    @Flag(name: .long, help: "Trust this project's commands, endpoints and outside paths for this run (as DIMS_TRUST=1 does).")
    var trust = false
}
