// Measures the commands of a config the native way, through DIMSProbes, for run.sh when no dims binary is given.
// Usage: harness ROOT CONFIG [--values]
import DIMSCore
import DIMSProbes
import Foundation

let root = CommandLine.arguments[1]
let config = try String(contentsOfFile: CommandLine.arguments[2], encoding: .utf8)
var specs: [MetricSpec] = []
for line in config.split(separator: "\n") {
    let text = line.trimmingCharacters(in: .whitespaces)
    guard text.hasPrefix("command: \"") else { continue }
    let quoted = String(text.dropFirst("command: ".count))
    guard let command = (try JSONSerialization.jsonObject(with: Data("[\(quoted)]".utf8)) as? [String])?.first else { continue }
    guard let recognized = ConfigMigrator().recognize(command) else {
        print("not recognized: \(command)")
        continue
    }
    var options: [String: ConfigValue] = [:]
    for (key, value) in recognized.options.dropFirst() { options[key] = value }
    specs.append(MetricSpec(path: MetricPath("bench.m\(specs.count)"), source: SourceKind(rawValue: recognized.options[0].value.string ?? "") ?? .command, options: options))
}
let context = ProbeContext(root: root, environment: ProcessInfo.processInfo.environment, clock: SystemClock())
let start = Date()
let results = await Measurer(sources: Measurer.localSources).measure(specs, context: context)
let elapsed = Date().timeIntervalSince(start)
if CommandLine.arguments.contains("--values") {
    for spec in specs { print(spec.path, spec.source, results[spec.path].map { "\($0)" } ?? "none") }
}
print(String(format: "%.3f", elapsed))
