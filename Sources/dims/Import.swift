import ArgumentParser
import DIMSWorkflow

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
            commandName: "import",
        abstract: "Import inventory/metrics.yaml and inventory/historical/*.yaml into the event log, with their own dates.",
        discussion: "Idempotent: importing the same files twice adds nothing. Every command imports files that changed; this reads them all.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let project = try Project(global)
        let config = try project.config()
        let log = try project.openLog()
        let importer = Importer(project: project, config: config)
        let result = try importer.sync(try importer.scan(), into: log, mode: .write, force: true)
        try project.pushToTeam(config: config, from: log)
        if global.json {
            Console.answer(ImportAnswer(files: result.files, added: result.added))
        } else {
            Console.out("Read \(result.files) files; added \(result.added) events")
        }
    }
}

/// `import --json`: the files read and the events they added.
struct ImportAnswer: Encodable {
    let files: Int
    let added: Int
}
