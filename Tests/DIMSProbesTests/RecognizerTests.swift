import DIMSCore
import DIMSProbes
import Foundation
import Testing

struct RecognizerTests {
    /// Measures the native metric a command migrates to.
    func migrated(_ command: String, in tree: Fixture) async throws -> ProbeResult? {
        let recognized = try #require(ConfigMigrator().recognize(command), "not recognized: \(command)")
        var options: [String: ConfigValue] = [:]
        for (key, value) in recognized.options.dropFirst() { options[key] = value }
        let spec = MetricSpec(path: "m.x", source: try #require(SourceKind(rawValue: recognized.options[0].value.string ?? "")), options: options)
        return await Measurer(sources: Measurer.localSources).measure([spec], context: tree.context)["m.x"]
    }

    static let commands = [
        "find . -name '*.py' -type f 2>/dev/null | wc -l | tr -d ' '",
        "find src -type f -name '*.py' | wc -l",
        "find . -path '*/test*' -name '*.py' -type f 2>/dev/null | wc -l | tr -d ' '",
        "find src docs -path '*/deep/*' -type f | wc -l | xargs",
        "find . -path './docs/*' -name '*.md' -type f | wc -l",
        "find docs src/pkg1 -path '*/docs/*' -type f | wc -l",
        "find src/pkg1 -path '*/pkg1/*' -type f | wc -l",
        "find src -name '*.md' -exec cat {} \\; 2>/dev/null | wc -l",
        "find docs -type f -exec cat {} + | wc -l",
        "wc -l docs/README.md docs/no-newline.txt 'docs/café ünïcode.md' 2>/dev/null | tail -1 | awk '{print $1}'",
        "wc -l docs/README.md 2>/dev/null | awk '{print $1}'",
        "wc -l docs/README.md docs/gone.md docs/no-newline.txt 2>/dev/null | tail -1 | awk '{print $1}'",
        "wc -l src/pkg0/deep/*.py docs/README.md | tail -1 | awk '{print $1}'",
        "wc -l < docs/no-newline.txt",
        "cat docs/README.md docs/empty.md | wc -l",
        "du -sm docs 2>/dev/null | awk '{print $1}'",
        "du -sk src | cut -f1",
        "grep -c '^###' docs/README.md",
        "grep -ci 'TITLE' src/pkg1/'notes 2.md'",
        "cat docs/README.md docs/gone.md 'docs/café ünïcode.md' 2>/dev/null | grep -c '^#'",
        "find src gone -name '*.md' -type f 2>/dev/null | wc -l",
        "find gone -name '*.csv' -type f 2>/dev/null | wc -l",
        "[ -f docs/README.md ] && grep -c '^###' docs/README.md 2>/dev/null || echo 0",
        "[ -d nowhere ] && du -sm nowhere 2>/dev/null | awk '{print $1}' || echo 0",
        "echo $(($(find src -name '*.md' -exec cat {} \\; 2>/dev/null | wc -l) + $(wc -l docs/README.md docs/empty.md 2>/dev/null | tail -1 | awk '{print $1}')))",
        "[ -f docs/README.md ] && echo $(( ($(date +%s) - $(stat -c %Y docs/README.md)) / 86400 )) || echo 999",
    ]

    @Test(arguments: commands)
    func aMigratedMetricGivesTheSameValueAsTheCommand(_ command: String) async throws {
        let tree = try Fixture()
        try tree.buildMixedTree()
        try tree.write("docs/big.bin", Data(count: 2_500_000))
        try tree.sh("touch -d '3 days ago' docs/README.md")
        let native = try await migrated(command, in: tree)
        #expect(native == (try tree.shValue(command)))
    }

    @Test func theOriginalGitPipelineMigratesToTheSameCount() async throws {
        let tree = try Fixture()
        try tree.sh("git init -q . && git config user.email t@e && git config user.name T")
        for (date, message) in [("2025-09-01", "rec_1 old"), ("2025-10-03", "REC_2"), ("2025-10-04", "other"), ("2025-10-05", "add rec_3")] {
            try tree.sh("GIT_COMMITTER_DATE=\(date)T12:00:00Z GIT_AUTHOR_DATE=\(date)T12:00:00Z git commit -q --allow-empty -m '\(message)'")
        }
        for command in ["git log --since='2025-10-01' --oneline --all 2>/dev/null | grep -i 'rec_' | wc -l | tr -d ' '",
                        "git log --oneline | wc -l", "git rev-list --count HEAD"] {
            let native = try await migrated(command, in: tree)
            #expect(native == (try tree.shValue(command)), "\(command)")
        }
    }

    @Test func commandsItCannotMapExactlyAreNotRecognized() {
        let migrator = ConfigMigrator()
        for command in ["find . -name '*.py' | wc -l", "find . -iname '*.PY' -type f | wc -l", "aws s3 ls s3://bucket --recursive | wc -l",
                        "wc -l $FILES | tail -1", "du -sh docs", "grep -c x a b", "find . -maxdepth 1 -type f | wc -l",
                        "[ -f a ] && wc -l b | awk '{print $1}' || echo 0", "find ./src -path '*/src/*' -type f | wc -l"] {
            #expect(migrator.recognize(command) == nil, "\(command)")
        }
    }

    @Test func findBecomesAFilesMetricWithHiddenFiles() throws {
        let recognized = try #require(FindRecognizer().recognize("find scripts/ml -name '*.py' -type f | wc -l | tr -d ' '"))
        #expect(ConfigValue.map(recognized.options) == .map([
            ("source", "files"), ("paths", "scripts/ml"), ("include", "*.py"), ("hidden", true),
        ]))
    }

    /// `find F 2>/dev/null | wc -l` printed 0 for a folder that does not exist: the rewrite keeps that with `missing: zero`
    /// (`skip` over several folders) and says so; without `2>/dev/null`, or over `.`, a missing folder stays an error.
    @Test func aQuietFindOverAMissingFolderCountsZero() async throws {
        let recognized = try #require(FindRecognizer().recognize("find archive/old -name '*.csv' -type f 2>/dev/null | wc -l"))
        #expect(ConfigValue.map(recognized.options)["missing"] == .string("zero"))
        #expect(recognized.notes.first?.contains("2>/dev/null") == true)
        #expect(ConfigValue.map(try #require(FindRecognizer().recognize("find a b -type f 2>/dev/null | wc -l")).options)["missing"] == .string("skip"))
        #expect(ConfigValue.map(try #require(FindRecognizer().recognize("find archive/old -type f | wc -l")).options)["missing"] == nil)
        #expect(ConfigValue.map(try #require(FindRecognizer().recognize("find . -type f 2>/dev/null | wc -l")).options)["missing"] == nil)
        // A guard decides what a missing folder gives: one `missing`, the guard's.
        let guarded = try #require(GuardRecognizer().recognize("[ -d archive/old ] && find archive/old -type f 2>/dev/null | wc -l || echo 7"))
        #expect(guarded.options.filter { $0.key == "missing" }.map(\.value) == [.integer(7)])
        // Measured on a tree without the folder: 0, as the command printed.
        let tree = try Fixture()
        try tree.write("docs/a.md", "a\n")
        let spec = MetricSpec(path: "local.archived", source: .files, options: Dictionary(recognized.options.map { ($0.key, $0.value) }) { a, _ in a })
        let results = await Measurer(sources: Measurer.localSources).measure([spec], context: ProbeContext(root: tree.root, environment: [:], clock: FixedClock(Timestamp(seconds: 0))))
        #expect(results[spec.path] == .value(.integer(0)))
    }

    /// The local commands of the original system's config, as its YAML gave them to the shell.
    @Test func theOriginalLocalCommandsAreAllRecognized() throws {
        let originals = [
            "wc -l scripts/ml/fetch_upcoming_games.py scripts/ml/daily_predictions.sh 2>/dev/null | tail -1 | awk '{print $1}'",
            "echo $(($(find scripts/pbp_to_boxscore -name '*plus_minus*.py' -exec cat {} \\; 2>/dev/null | wc -l) + $(find sql/plus_minus -name '*.sql' -exec cat {} \\; 2>/dev/null | wc -l) + $(wc -l docs/A.md docs/B.md 2>/dev/null | tail -1 | awk '{print $1}')))",
            "find . -path '*/test*' -name '*.py' -type f 2>/dev/null | wc -l | tr -d ' '",
            "du -sm docs 2>/dev/null | awk '{print $1}'",
            "git log --since='2025-10-01' --oneline --all 2>/dev/null | grep -i 'rec_' | wc -l | tr -d ' '",
            "du -sg ~/sports-simulator-archives/nba 2>/dev/null | awk '{print $1}'",
            "[ -d ~/nba-sim-temp ] && du -sg ~/nba-sim-temp 2>/dev/null | awk '{print $1}' || echo 0",
            "[ -f docs/FILE_INVENTORY.md ] && grep -c '^###' docs/FILE_INVENTORY.md 2>/dev/null || echo 0",
            "[ -f docs/FILE_INVENTORY.md ] && echo $(( ($(date +%s) - $(stat -f %m docs/FILE_INVENTORY.md)) / 86400 )) || echo 999",
        ]
        for command in originals {
            #expect(ConfigMigrator().recognize(command) != nil, "\(command)")
        }
        let age = try #require(ConfigMigrator().recognize(originals[8]))
        #expect(ConfigValue.map(age.options) == .map([
            ("source", "age"), ("paths", "docs/FILE_INVENTORY.md"), ("unit", "days"), ("missing", 999),
        ]))
    }
}
