public import DIMSCore

extension ConfigMigrator {
    /// Sources a recognized command may be measured by in a run without changing its value: they read only the
    /// project's files and git history (`age` is left out: the command's `date` ignores `DIMS_NOW`).
    static let runSources: Set<String> = ["files", "lines", "bytes", "grep", "git"]

    /// The native metric a `command:` metric is measured as, when `config migrate` would rewrite it exactly (no
    /// notes): same path, type and precision, the recognized source and options instead of the command.
    /// Nil for any other metric, which then runs its command as written.
    public func runSpec(for spec: MetricSpec) -> MetricSpec? {
        guard spec.source == "command", let command = spec.options["command"]?.string,
              let recognized = recognize(command), recognized.notes.isEmpty,
              let source = recognized.options.first(where: { $0.key == "source" })?.value.string,
              ConfigMigrator.runSources.contains(source) else { return nil }
        var native = spec
        native.source = source
        native.options["command"] = nil
        for (key, value) in recognized.options where key != "source" { native.options[key] = value }
        return native
    }
}
