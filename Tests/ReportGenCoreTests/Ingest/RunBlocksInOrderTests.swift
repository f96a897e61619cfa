import Foundation
import Testing

@testable import ReportGenCore

/// Blocks worked on any thread and merged in order, whoever calls it: a test or a task on a pool thread too.
@Suite struct RunBlocksInOrderTests {
    /// Runs trivial blocks from `callers` tasks at once: per caller, the seconds its call took and what it merged.
    static func fromTasks(callers: Int, overlapsMerging: Bool) async -> [(seconds: Double, merged: [Int])] {
        await withTaskGroup(of: (seconds: Double, merged: [Int]).self) { group in
            for _ in 0..<callers {
                group.addTask {
                    var next = (0..<20).makeIterator()
                    var merged: [Int] = []
                    // Timed from the call: how long a task waits for a thread is the test runner's business.
                    let start = Date()
                    _ = runBlocksInOrder(
                        next: { next.next() }, batchSize: 8, overlapsMerging: overlapsMerging, work: { $0 * $0 },
                        merge: { block, result in
                            merged.append(result)
                            return block < 15
                        })
                    return (Date().timeIntervalSince(start), merged)
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test(arguments: [false, true])
    func callersOnEveryPoolThreadDoNotWaitForLibdispatchToAddOne(overlapsMerging: Bool) async {
        // Four tasks on a two-thread pool, each waiting for its blocks: libdispatch's Linux monitor adds a thread to
        // a pool whose threads all wait once a second, so a caller that only waited took about a second here. The
        // blocks are trivial: well under half a second in all, on any load.
        let calls = await Self.fromTasks(callers: 4, overlapsMerging: overlapsMerging)
        #expect(calls.allSatisfy { $0.seconds < 0.5 }, "\(calls.map(\.seconds))")
        // In block order, up to the block whose merge said stop (15).
        #expect(calls.allSatisfy { $0.merged == (0...15).map { $0 * $0 } })
    }
}
