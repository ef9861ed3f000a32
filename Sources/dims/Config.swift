import ArgumentParser
import DIMSCore
import DIMSInventory
import DIMSProbes
import DIMSS3
import DIMSStore
import Foundation

struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(
            commandName: "config", abstract: "Work on inventory/config.yaml.", subcommands: [Migrate.self])

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate",
            abstract: "Rewrite shell-command metrics as native sources, printing the change as a diff.",
            discussion: "Without --write nothing is changed. Commands with no exact native equivalent stay commands.")

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Rewrite inventory/config.yaml (atomically).")
        var write = false

        func run() throws {
            let project = try Project(global)
            let text: String
            do {
                text = try String(contentsOfFile: project.configPath, encoding: .utf8)
            } catch {
                throw Console.fail("Cannot read '\(project.relative(project.configPath))': \(error.localizedDescription)", Status.badInput)
            }
            let migrator = ConfigMigrator(recognizers: ConfigMigrator.localRecognizers + [S3CommandRecognizer()])
            let result = migrator.migrate(configText: text)
            var notes = result.changes.flatMap { change in change.notes.map { "\(change.metric): \($0)" } }
            for change in result.changes where change.replacement == nil {
                if let command = change.command, let warning = S3CommandRecognizer.warning(for: command) { notes.append("\(change.metric): \(warning)") }
            }
            let migrated = result.changes.filter { $0.replacement != nil }.map(\.metric.rawValue)
            let kept = result.changes.filter { $0.replacement == nil }.map(\.metric.rawValue)
            if global.json {
                Console.json(["changed": result.text != text, "diff": result.diff, "notes": notes, "migrated": migrated, "kept_as_commands": kept])
            } else {
                Console.out(result.diff.isEmpty ? "Nothing to migrate: no command has an exact native equivalent" : result.diff)
                for note in notes { Console.out("note: \(note)") }
                Console.out("\(migrated.count) commands have a native equivalent; \(kept.count) stay commands")
            }
            guard write, result.text != text else { return }
            do {
                _ = try ConfigLoader.parse(result.text, file: project.relative(project.configPath))
                try AtomicFile.write(result.text, to: project.configPath)
            } catch let error as StoreError {
                throw Console.fail(error.message, Status.output)
            } catch {
                throw Console.fail("The migrated config does not parse, so it was not written: \(error)", Status.badInput)
            }
            if !global.json { Console.out("Rewrote \(project.relative(project.configPath))") }
        }
    }
}
