import DIMSCore
import DIMSProbes
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing

struct FileSystemSourceTests {
    @Test func filesCountsWhatFindCounts() async throws {
        let tree = try Fixture()
        try tree.buildMixedTree()
        let result = await tree.measure(.test(.files, ["hidden": true]))
        #expect(result == (try tree.shValue("find . -type f | wc -l")))
    }

    @Test func filesWithANamePatternCountsWhatFindNameCounts() async throws {
        let tree = try Fixture()
        try tree.buildMixedTree()
        let result = await tree.measure(.test(.files, ["include": "*.py", "hidden": true]))
        #expect(result == (try tree.shValue("find . -name '*.py' -type f | wc -l")))
    }

    @Test func hiddenFilesAndFoldersAreLeftOutByDefault() async throws {
        let tree = try Fixture()
        try tree.buildMixedTree()
        let result = await tree.measure(.test(.files, ["include": "*.py"]))
        #expect(result == (try tree.shValue("find . -name '*.py' -type f -not -path '*/.*' | wc -l")))
    }

    @Test func followingLinksCountsWhatFindLCountsAndSurvivesALoop() async throws {
        let tree = try Fixture()
        try tree.buildMixedTree()
        let result = await tree.measure(.test(.files, ["hidden": true, "follow_symlinks": true]))
        #expect(result == (try tree.shValue("find -L . -type f 2>/dev/null | wc -l")))
    }

    @Test func pathPatternsWithDoubleStarSpanFolders() async throws {
        let tree = try Fixture()
        try tree.buildMixedTree()
        let result = await tree.measure(.test(.files, ["include": "src/**/deep/*.py"]))
        #expect(result == (try tree.shValue("find src -path '*/deep/*.py' -type f | wc -l")))
        let both = await tree.measure(.test(.files, ["require": "**/test**", "include": "*.py", "hidden": true]))
        #expect(both == (try tree.shValue("find . -path '*/test*' -name '*.py' -type f | wc -l")))
    }

    @Test func excludedPatternsAreSubtracted() async throws {
        let tree = try Fixture()
        try tree.buildMixedTree()
        let result = await tree.measure(.test(.files, ["paths": "src", "include": "*.py", "exclude": ["test_*", "src/pkg2/**"]]))
        #expect(result == (try tree.shValue("find src -name '*.py' -type f -not -name 'test_*' -not -path 'src/pkg2/*' -not -path '*/.*' | wc -l")))
    }

    @Test func linesCountsNewlinesAsWcDoes() async throws {
        let tree = try Fixture()
        try tree.buildMixedTree()
        let result = await tree.measure(.test(.lines, ["hidden": true]))
        #expect(result == (try tree.shValue("find . -type f -exec cat {} + | wc -l")))
        let listed = await tree.measure(.test(.lines, ["paths": ["docs/README.md", "docs/no-newline.txt", "docs/café ünïcode.md", "docs/empty.md"]]))
        #expect(listed == (try tree.shValue("wc -l docs/README.md docs/no-newline.txt 'docs/café ünïcode.md' docs/empty.md | tail -1 | awk '{print $1}'")))
    }

    @Test func linesReadLinkedFilesWhenAskedTo() async throws {
        let tree = try Fixture()
        try tree.buildMixedTree()
        let result = await tree.measure(.test(.lines, ["paths": "src", "include": "*.md", "follow_symlinks": "files", "hidden": true]))
        #expect(result == (try tree.shValue("find src -name '*.md' -exec cat {} \\; 2>/dev/null | wc -l")))
    }

    @Test func linesOverManyLargeFilesMatchWc() async throws {
        let tree = try Fixture()
        let line = String(repeating: "x", count: 70) + "\n"
        for index in 0..<12 { try tree.write("big/f\(index).txt", String(repeating: line, count: 3000 + index * 517) + "tail") }
        let result = await tree.measure(.test(.lines, ["paths": "big"]))
        #expect(result == (try tree.shValue("cat big/* | wc -l")))
    }

    @Test func grepCountsMatchingLinesAsGrepCDoes() async throws {
        let tree = try Fixture()
        try tree.buildMixedTree()
        let one = await tree.measure(.test(.grep, ["paths": "docs/README.md", "pattern": "^###"]))
        #expect(one == (try tree.shValue("grep -c '^###' docs/README.md")))
        let many = await tree.measure(.test(.grep, ["include": "*.md", "pattern": "^###", "hidden": true]))
        #expect(many == (try tree.shValue("find . -name '*.md' -type f -exec grep -c '^###' {} + | awk -F: '{s+=$NF} END {print s}'")))
        let binary = await tree.measure(.test(.grep, ["paths": "bin/blob.bin", "pattern": "^###"]))
        #expect(binary == (try tree.shValue("grep -c '^###' bin/blob.bin")))
        let folded = await tree.measure(.test(.grep, ["paths": "src", "include": "*.md", "pattern": "title", "ignore_case": true]))
        #expect(folded == (try tree.shValue("find src -name '*.md' -type f -exec grep -ci 'title' {} + | awk -F: '{s+=$NF} END {print s}'")))
    }

    @Test func diskUsageInMegabytesMatchesDuSm() async throws {
        let tree = try Fixture()
        try tree.buildMixedTree()
        try tree.write("docs/large.bin", Data(count: 3_500_000))
        try tree.sh("ln docs/README.md docs/hardlink.md")
        let megabytes = await tree.measure(.test(.bytes, ["paths": "docs", "usage": "disk", "unit": "MB", "rounding": "up", "hidden": true]))
        #expect(megabytes == (try tree.shValue("du -sm docs | awk '{print $1}'")))
        let bytes = await tree.measure(.test(.bytes, ["usage": "disk", "hidden": true]))
        #expect(bytes == (try tree.shValue("du -sB1 . | awk '{print $1}'")))
    }

    @Test func apparentSizeSumsRegularFiles() async throws {
        let tree = try Fixture()
        try tree.buildMixedTree()
        let result = await tree.measure(.test(.bytes, ["hidden": true]))
        #expect(result == (try tree.shValue("find . -type f -printf '%s\\n' | awk '{s+=$1} END {print s}'")))
        let gigabytes = await tree.measure(.test(.bytes, ["unit": "KB", "precision": 3], parse: .float))
        let expected = try tree.sh("find . -type f -not -path '*/.*' -printf '%s\\n' | awk '{s+=$1} END {printf \"%.3f\", s/1024}'")
        #expect(gigabytes == .value(.float(Double(expected)!)))
    }

    @Test func ageIsTheTimeSinceTheNewestChange() async throws {
        let tree = try Fixture()
        try tree.write("data/old.txt", "a\n")
        try tree.write("data/new.txt", "b\n")
        try tree.sh("touch -d '2025-01-01T00:00:00Z' data/old.txt data data/new.txt && touch -d '2025-01-02T12:00:00Z' data/new.txt")
        let clock = FixedClock(Timestamp.parse("2025-01-05T00:00:00Z")!)
        let hours = await tree.measure(.test(.age, ["paths": "data", "unit": "hours"], parse: .float), clock: clock)
        #expect(hours == .value(.float(60)))
        let days = await tree.measure(.test(.age, ["paths": "data/old.txt", "unit": "days"]), clock: clock)
        #expect(days == .value(.integer(4)))
    }

    @Test func anInvalidPatternOrAnAgeOfNothingIsAnError() async throws {
        let tree = try Fixture()
        try tree.write("docs/a.txt", "a\n")
        let pattern = await tree.measure(.test(.grep, ["paths": "docs", "pattern": "a\\{2"]))
        guard case .failure(let reason)? = pattern else { Issue.record("expected a failure"); return }
        #expect(reason.hasPrefix("Pattern 'a\\{2' is not a valid regular expression"))
        let age = await tree.measure(.test(.age, ["paths": "docs", "include": "*.md"]))
        #expect(age == .failure("No file matched in 'docs', so there is no change to take the age of"))
    }

    @Test func aMissingPathIsAnErrorNamingIt() async throws {
        let tree = try Fixture()
        let result = await tree.measure(.test(.files, ["paths": ["nowhere/at all"]]))
        #expect(result == .failure("No such file or folder 'nowhere/at all'"))
        let zero = await tree.measure(.test(.lines, ["paths": ["nowhere"], "missing": "zero"]))
        #expect(zero == .value(.integer(0)))
        let fixed = await tree.measure(.test(.age, ["paths": ["nowhere"], "missing": 999]))
        #expect(fixed == .value(.integer(999)))
    }

    @Test(.enabled(if: getuid() != 0, "root reads every folder, so no folder can be made unreadable"))
    func anUnreadableFolderIsAnErrorNamingIt() async throws {
        let tree = try Fixture()
        try tree.write("locked/inner/a.txt", "a\n")
        try tree.sh("chmod 000 locked/inner")
        defer { _ = try? tree.sh("chmod 755 locked/inner") }
        let result = await tree.measure(.test(.files, ["paths": "locked"]))
        #expect(result == .failure("Permission denied for 'locked/inner'"))
    }

    @Test func permissionDeniedNamesThePath() {
        let error = ProbeError.system(EACCES, path: "locked/inner")
        #expect(error.code == .permissionDenied)
        #expect(error.message == "Permission denied for 'locked/inner'")
    }

    @Test func metricsOfNestedFoldersShareOneWalkAndStayCorrect() async throws {
        let tree = try Fixture()
        try tree.buildMixedTree()
        let specs: [MetricSpec] = [
            .test(.files, ["include": "*.md"], path: "a.all_md"),
            .test(.files, ["paths": "docs", "include": "*.md"], path: "a.docs_md"),
            .test(.files, ["paths": ".hidden"], path: "a.hidden"),
            .test(.lines, ["paths": ["src/pkg1", "docs"], "include": "*.md"], path: "a.lines"),
            .test(.bytes, ["paths": "docs", "usage": "disk", "hidden": true], path: "a.du"),
        ]
        let results = await FileSystemSource().measure(specs, context: tree.context)
        #expect(results["a.all_md"] == (try tree.shValue("find . -name '*.md' -type f -not -path '*/.*' | wc -l")))
        #expect(results["a.docs_md"] == (try tree.shValue("find docs -name '*.md' -type f | wc -l")))
        #expect(results["a.hidden"] == (try tree.shValue("find .hidden -type f | wc -l")))
        #expect(results["a.lines"] == (try tree.shValue("find src/pkg1 docs -name '*.md' -type f -exec cat {} + | wc -l")))
        #expect(results["a.du"] == (try tree.shValue("du -sB1 docs | awk '{print $1}'")))
    }

    @Test func setsAddUpLikeAShellSum() async throws {
        let tree = try Fixture()
        try tree.buildMixedTree()
        let spec = MetricSpec.test(.lines, ["sets": .list([
            .map([("paths", "src"), ("include", "*.md")]),
            .map([("paths", .list(["docs/README.md", "docs/README.md"]))]),
        ])])
        let result = await tree.measure(spec)
        #expect(result == (try tree.shValue("echo $(( $(find src -name '*.md' -type f -not -path '*/.*' -exec cat {} + | wc -l) + $(wc -l docs/README.md docs/README.md | tail -1 | awk '{print $1}') ))")))
    }

    @Test func anInvalidOptionIsAnErrorNamingIt() async throws {
        let tree = try Fixture()
        let result = await tree.measure(.test(.bytes, ["unit": "parsecs"]))
        #expect(result == .failure("Option 'unit' has value 'parsecs', expected B, KB, MB, GB or TB"))
    }

    @Test func gitignoreLeavesOutWhatGitIgnores() async throws {
        let tree = try Fixture()
        try tree.buildMixedTree()
        try tree.write(".gitignore", "*.md\n!docs/README.md\n/bin/\n.cache\n")
        try tree.write("src/.gitignore", "deep/m1.py\npkg2/\n")
        try tree.write("src/pkg3/.gitignore", "*.py\r\n!m4.py\r\n")
        try tree.sh("git init -q .")
        let gitFiles = "git ls-files -z -co --exclude-standard | xargs -0 -n1 sh -c '[ -f \"$0\" ] && [ ! -L \"$0\" ] && echo' | wc -l"
        let result = await tree.measure(.test(.files, ["gitignore": true, "hidden": true]))
        #expect(result == (try tree.shValue(gitFiles)))
        let nested = await tree.measure(.test(.files, ["paths": "src/pkg3", "gitignore": true, "hidden": true]))
        #expect(nested == (try tree.shValue("cd src/pkg3 && " + gitFiles)))
    }

    /// What git leaves out through the repository's `info/exclude` and the user's `core.excludesFile` (by default
    /// `~/.config/git/ignore`) is left out too; `git ls-files --others --ignored --exclude-standard` is the reference.
    @Test func gitignoreHonoursInfoExcludeAndExcludesFile() async throws {
        let tree = try Fixture()
        try tree.buildMixedTree()
        try tree.write(".gitignore", "/bin/\n")
        // git runs with the fixture as its home, as the measurement does (Fixture.context).
        let git = "env -u XDG_CONFIG_HOME -u GIT_CONFIG_GLOBAL -u GIT_CONFIG_SYSTEM GIT_CONFIG_NOSYSTEM=1 HOME='\(tree.root)' git"
        try tree.sh("\(git) init -q .")
        try tree.write(".git/info/exclude", "*.txt\n!docs/no-newline.txt\n/src/pkg2/\n")
        try tree.write(".config/git/ignore", "notes 1.md\n")
        let all = "find . -path ./.git -prune -o -type f -print | wc -l"
        let ignored = "\(git) ls-files -z --others --ignored --exclude-standard | xargs -0 -n1 sh -c '[ -f \"$0\" ] && [ ! -L \"$0\" ] && echo' | wc -l"
        // The measurement sees the environment git runs with: no system config (the machine's may set an excludes file).
        func measure(_ options: [String: ConfigValue]) async -> ProbeResult? {
            var context = tree.context
            context.environment["GIT_CONFIG_NOSYSTEM"] = "1"
            let spec = MetricSpec.test(.files, options)
            return await FileSystemSource().measure([spec], context: context)[spec.path]
        }
        func gitCount(_ folder: String = ".") throws -> ProbeResult {
            try tree.shValue("cd \(folder) && echo $(( $(\(all)) - $(\(ignored)) ))")
        }
        #expect(try tree.sh("\(git) ls-files --others --ignored --exclude-standard").contains("src/pkg0/notes 1.md"))
        let counted = await measure(["gitignore": true, "hidden": true])
        let countedReference = try gitCount()
        #expect(counted == countedReference)
        let below = await measure(["paths": "src", "gitignore": true, "hidden": true])
        let belowReference = try gitCount("src")
        #expect(below == belowReference)
        // A configured core.excludesFile replaces the default one.
        try tree.write("ignores/mine", "m2.py\n")
        try tree.sh("\(git) config core.excludesFile \"$PWD/ignores/mine\"")
        #expect(try tree.sh("\(git) ls-files --others --ignored --exclude-standard").contains("src/pkg0/deep/m2.py"))
        let configured = await measure(["gitignore": true, "hidden": true])
        let configuredReference = try gitCount()
        #expect(configured == configuredReference)
        let configuredBelow = await measure(["paths": "src/pkg0", "gitignore": true, "hidden": true])
        let configuredBelowReference = try gitCount("src/pkg0")
        #expect(configuredBelow == configuredBelowReference)
    }
}
