import DIMSSystem

/// Every commit reachable from `HEAD` with its parents and committer time, read with one
/// `git rev-list --parents --timestamp`, so that `git` metrics at all backfill points are counted in memory.
///
/// The walks follow git's own: from the point, newest first; a commit older than `since` is neither counted nor walked
/// past (git stops there, so a commit behind it counts only when another path reaches it); `until` and the commit filters
/// drop single commits without stopping the walk.
final class CommitGraph {
    private(set) var times: [Int] = []
    /// The parents of commit `i`: `parentList[parentStart[i]..<parentStart[i + 1]]`, in git's order.
    private var parentStart: [Int32] = [0]
    private var parentList: [Int32] = []
    private(set) var byID: [String: Int32] = [:]
    /// Walk marks: a commit is marked in the current walk when its mark equals `stamp`.
    private var marks: [UInt32] = []
    private var stamp: UInt32 = 0

    var count: Int { times.count }

    /// Reads `rev-list --parents --timestamp` output: `TIME COMMIT PARENT...` per line.
    init(listing: [UInt8]) throws(ProbeError) {
        var lines: [(time: Int, id: String, parents: [String])] = []
        for line in listing.split(separator: 10) {
            let fields = line.split(separator: 32)
            guard fields.count >= 2, let time = Int(String(decoding: fields[0], as: UTF8.self)) else {
                throw ProbeError(code: .unparsableOutput, message: "Git listed a commit that cannot be read: '\(String(decoding: line.prefix(120), as: UTF8.self))'")
            }
            let id = String(decoding: fields[1], as: UTF8.self)
            byID[id] = Int32(lines.count)
            lines.append((time, id, fields.dropFirst(2).map { String(decoding: $0, as: UTF8.self) }))
        }
        times.reserveCapacity(lines.count)
        for line in lines {
            times.append(line.time)
            // A parent git did not list (a shallow clone's edge) is not walked, as git does not walk it.
            parentList += line.parents.compactMap { byID[$0] }
            parentStart.append(Int32(parentList.count))
        }
        marks = Array(repeating: 0, count: lines.count)
    }

    func parents(_ commit: Int32) -> ArraySlice<Int32> {
        parentList[Int(parentStart[Int(commit)])..<Int(parentStart[Int(commit) + 1])]
    }

    /// Starts a walk: no commit is marked.
    private func newWalk() {
        stamp &+= 1
        if stamp == 0 {
            marks = Array(repeating: 0, count: marks.count)
            stamp = 1
        }
    }

    /// The commits git walks from `start` when not shown past `since` (Unix seconds): each once, in no set order.
    func reach(from start: Int32, since: Int?) -> [Int32] {
        newWalk()
        var reached: [Int32] = []
        var pending: [Int32] = [start]
        marks[Int(start)] = stamp
        while let commit = pending.popLast() {
            if let since, times[Int(commit)] < since { continue }
            reached.append(commit)
            for parent in parents(commit) where marks[Int(parent)] != stamp {
                marks[Int(parent)] = stamp
                pending.append(parent)
            }
        }
        return reached
    }

    /// The first commit of git's walk from `start` (newest committer time first; equal times in the order they were
    /// found) that `accepts`, as `git log -1` shows it; nil when none does.
    func first(from start: Int32, since: Int?, accepts: (Int32) -> Bool) -> Int32? {
        newWalk()
        var queue = CommitQueue()
        queue.push(start, time: times[Int(start)])
        marks[Int(start)] = stamp
        while let commit = queue.pop() {
            if let since, times[Int(commit)] < since { continue }
            if accepts(commit) { return commit }
            for parent in parents(commit) where marks[Int(parent)] != stamp {
                marks[Int(parent)] = stamp
                queue.push(parent, time: times[Int(parent)])
            }
        }
        return nil
    }
}

/// Commits by committer time, newest first, and first in first out among equal times (git's date-ordered list).
struct CommitQueue {
    private var heap: [(time: Int, order: Int, commit: Int32)] = []
    private var pushed = 0

    private func before(_ a: Int, _ b: Int) -> Bool {
        heap[a].time != heap[b].time ? heap[a].time > heap[b].time : heap[a].order < heap[b].order
    }

    mutating func push(_ commit: Int32, time: Int) {
        heap.append((time, pushed, commit))
        pushed += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard before(child, parent) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Int32? {
        guard let top = heap.first else { return nil }
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var best = parent
            if left < heap.count, before(left, best) { best = left }
            if right < heap.count, before(right, best) { best = right }
            if best == parent { break }
            heap.swapAt(parent, best)
            parent = best
        }
        return top.commit
    }
}
