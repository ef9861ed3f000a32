import ArgumentParser

/// The entry point. `dims --version`, which scripts run to check that dims is installed, answers before the argument
/// parser starts (its reflection over every command costs more than the answer); everything else goes to `DIMS`.
@main
enum Entry {
    static func main() async {
        if CommandLine.arguments.dropFirst().elementsEqual(["--version"]) {
            print(DIMSVersion.current)
            return
        }
        await DIMS.main()
    }
}
