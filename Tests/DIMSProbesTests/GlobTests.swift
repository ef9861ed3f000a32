import DIMSProbes
import Testing

struct GlobTests {
    @Test func aPatternWithoutASlashMatchesNamesAsFindNameDoes() {
        let glob = Glob("*.py")
        #expect(glob.matchesName)
        #expect(glob.matches("a.py") && glob.matches(".hidden.py") && glob.matches(".py"))
        #expect(!glob.matches("a.pyc"))
        #expect(Glob("test_?.[ch]").matches("test_1.c") && !Glob("test_?.[ch]").matches("test_12.c"))
        #expect(Glob("[!a-c]*").matches("d.txt") && !Glob("[!a-c]*").matches("b.txt"))
        #expect(Glob("\\*.md").matches("*.md") && !Glob("\\*.md").matches("a.md"))
    }

    @Test func singleStarsStayInOneFolderAndDoubleStarsSpanFolders() {
        #expect(Glob("src/*.py").matches("src/a.py"))
        #expect(!Glob("src/*.py").matches("src/x/a.py"))
        #expect(Glob("src/**/*.py").matches("src/a.py"))
        #expect(Glob("src/**/*.py").matches("src/x/y/a.py"))
        #expect(Glob("**/tests/**").matches("tests/a.py") && Glob("**/tests/**").matches("a/b/tests/c/d.py"))
        #expect(!Glob("**/tests/**").matches("a/contests/b.py"))
        #expect(Glob("**/test**").matches("a/test_x.py") && Glob("**/test**").matches("a/tests/b/c.py"))
        #expect(Glob("data/**").matches("data/x/y.json") && !Glob("data/**").matches("database/x"))
    }
}
