import DIMSStore
import Foundation
import DIMSWorkflow

/// The git `post-commit` hook file, with dims's block in it: added once, replaced on reinstall, removed alone.
struct GitHookFile {
    static let begin = "# >>> dims events: measure the post-commit hooks' metrics in the background (dims events uninstall removes this)"
    static let end = "# <<< dims events"

    let path: String

    /// The hooks folder of the repository holding `root`, or `hooksDir` (relative to `root`) when the config names one.
    static func hooksFolder(root: String, hooksDir: String?) -> String? {
        if let hooksDir { return hooksDir.hasPrefix("/") ? hooksDir : root + "/" + hooksDir }
        var folder = root
        while true {
            let dotGit = folder + "/.git"
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: dotGit, isDirectory: &isFolder) {
                if isFolder.boolValue { return dotGit + "/hooks" }
                // A worktree or submodule: `.git` is a file naming the git folder; hooks live in its common folder.
                guard let text = try? String(contentsOfFile: dotGit, encoding: .utf8), text.hasPrefix("gitdir:") else { return nil }
                var gitDir = text.dropFirst("gitdir:".count).trimmingCharacters(in: .whitespacesAndNewlines)
                if !gitDir.hasPrefix("/") { gitDir = folder + "/" + gitDir }
                if let common = try? String(contentsOfFile: gitDir + "/commondir", encoding: .utf8) {
                    let path = common.trimmingCharacters(in: .whitespacesAndNewlines)
                    return (path.hasPrefix("/") ? path : gitDir + "/" + path) + "/hooks"
                }
                return gitDir + "/hooks"
            }
            guard folder != "/", !folder.isEmpty else { return nil }
            folder = (folder as NSString).deletingLastPathComponent
        }
    }

    /// The shell lines that start `dims events trigger` in the background, detached from the commit.
    static func block(binary: String, root: String) -> String {
        let command = "\(quote(binary)) events trigger --root \(quote(root)) --event-type post-commit --source git-commit"
        // One fork, at low priority, detached from the commit's output: git waits only for the hook's shell.
        return "\(begin)\nnice -n 10 \(command) </dev/null >/dev/null 2>&1 &\n\(end)\n"
    }

    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    var text: String? { try? String(contentsOfFile: path, encoding: .utf8) }

    var isInstalled: Bool { text?.contains(GitHookFile.begin) == true }

    /// Adds or replaces dims's block, keeping every other line; returns whether the file changed.
    func install(_ block: String) throws -> Bool {
        let old = text
        var kept = GitHookFile.without(old ?? "")
        if kept.isEmpty { kept = "#!/bin/sh\n" }
        if !kept.hasSuffix("\n") { kept += "\n" }
        let new = kept + block
        guard new != old else { return false }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try AtomicFile.write(new, to: path)
        chmod(path, 0o755)
        return true
    }

    /// Removes dims's block; removes the file when nothing but the shebang is left. Returns whether anything changed.
    func uninstall() throws -> Bool {
        guard let old = text, old.contains(GitHookFile.begin) else { return false }
        let kept = GitHookFile.without(old)
        if kept.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || kept.trimmingCharacters(in: .whitespacesAndNewlines) == "#!/bin/sh" {
            try FileManager.default.removeItem(atPath: path)
        } else {
            try AtomicFile.write(kept, to: path)
            chmod(path, 0o755)
        }
        return true
    }

    /// `text` without the lines from `begin` to `end`.
    static func without(_ text: String) -> String {
        var lines: [Substring] = []
        var inside = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == begin { inside = true; continue }
            if inside { if line == end { inside = false }; continue }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
