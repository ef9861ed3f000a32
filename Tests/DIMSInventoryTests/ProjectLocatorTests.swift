import DIMSInventory
import Foundation
import DIMSTestSupport
import Testing

struct ProjectLocatorTests {
    @Test func theRootIsFoundFromItselfAndFromNestedFolders() throws {
        let folder = TemporaryDirectory("dims-inventory")
        folder.write("version: '1.0.0'\n", to: "project/inventory/config.yaml")
        let deep = folder.makeFolder("project/src/a/b")
        let root = URL(fileURLWithPath: folder.path + "/project").standardizedFileURL.path
        #expect(ProjectLocator.findRoot(from: folder.path + "/project") == root)
        #expect(ProjectLocator.findRoot(from: deep) == root)
        #expect(ProjectLocator.findRoot(from: root + "/inventory") == root)
        #expect(ProjectLocator.findRoot(from: deep + "/../..") == root)
    }

    @Test func theNearestRootWins() throws {
        let folder = TemporaryDirectory("dims-inventory")
        folder.write("{}\n", to: "outer/inventory/config.yaml")
        folder.write("{}\n", to: "outer/inner/inventory/config.yaml")
        let deep = folder.makeFolder("outer/inner/src")
        #expect(ProjectLocator.findRoot(from: deep)?.hasSuffix("/outer/inner") == true)
    }

    @Test func noRootIsFoundWithoutAConfigFile() throws {
        let folder = TemporaryDirectory("dims-inventory")
        folder.makeFolder("project/inventory/config.yaml")
        let deep = folder.makeFolder("project/src")
        #expect(ProjectLocator.findRoot(from: deep) == nil)
    }

    /// A path that is already standard is kept as it is; any other goes to Foundation: the answer is Foundation's.
    @Test(arguments: ["/", "/a", "/a/b.c/d", "/a/.b/..c/...", "/a/", "/a//b", "/a/./b", "/a/b/..", "/a/../../b", "/.", "/..", "//"])
    func standardizedIsFoundationsAnswer(_ path: String) {
        #expect(ProjectLocator.standardized(path) == URL(fileURLWithPath: path).standardizedFileURL.path, "'\(path)'")
    }
}
