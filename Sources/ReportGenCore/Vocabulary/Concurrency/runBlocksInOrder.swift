import Foundation
import Synchronization

/// Runs `work` over blocks on every core and hands the results to `merge` on the calling thread, in block order, so
/// that what is merged never depends on timing. With `overlapsMerging`, the merge of one batch runs while the next
/// batch is worked on (the work must then touch no state the merge changes).
/// - Parameters:
///   - next: the next block, `nil` at the end.
///   - batchSize: blocks worked on at once.
///   - overlapsMerging: whether a batch's merge may run beside the next batch's work.
///   - work: what each block gives, run on any thread.
///   - merge: takes a block and its result, in order; `false` stops everything (the remaining results are dropped).
/// - Returns: `false` when `merge` stopped.
func runBlocksInOrder<Block: Sendable, Result>(
    next: () -> Block?, batchSize: Int, overlapsMerging: Bool, work: @escaping @Sendable (Block) -> Result,
    merge: (Block, Result) -> Bool
) -> Bool {
    var previous: BlockBatch<Block, Result>?
    func mergeAll(_ batch: BlockBatch<Block, Result>) -> Bool {
        batch.finish(work)
        for index in batch.blocks.indices {
            guard let result = batch.take(index), merge(batch.blocks[index], result) else { return false }
        }
        return true
    }
    while true {
        var blocks: [Block] = []
        while blocks.count < max(batchSize, 1), let block = next() { blocks.append(block) }
        if blocks.isEmpty { break }
        let current = BlockBatch<Block, Result>(blocks)
        current.launch(work)
        if !overlapsMerging {
            guard mergeAll(current) else { return false }
            continue
        }
        if let previous, !mergeAll(previous) {
            current.finish(work)
            return false
        }
        previous = current
    }
    if let previous { return mergeAll(previous) }
    return true
}

/// One batch's blocks and the slots their workers fill: each block is claimed once (by a worker, or by the thread
/// that waits for the batch), its slot written only by the one that claimed it, and the slots are read only after
/// ``finish(_:)`` returns.
///
/// The waiting thread runs the blocks no worker has claimed yet, and waits only for the blocks being run, never for a
/// worker still queued: on Linux, libdispatch adds a thread to a pool whose threads are all blocked only once a
/// second, so a caller on a pool thread (a Swift Testing test, a task) that waited for queued workers stalled.
private final class BlockBatch<Block: Sendable, Result>: @unchecked Sendable {
    let blocks: [Block]
    private let slots: UnsafeMutablePointer<Result?>
    /// The next block not yet claimed.
    private let nextUnclaimed = Atomic<Int>(0)
    /// Blocks whose slot is written; the one that writes the last signals ``allDone``.
    private let finished = Atomic<Int>(0)
    private let allDone = DispatchSemaphore(value: 0)

    init(_ blocks: [Block]) {
        self.blocks = blocks
        slots = UnsafeMutablePointer<Result?>.allocate(capacity: blocks.count)
        slots.initialize(repeating: nil, count: blocks.count)
    }

    deinit {
        slots.deinitialize(count: blocks.count)
        slots.deallocate()
    }

    /// Queues one worker a block; each runs the next unclaimed block, if any is left.
    func launch(_ work: @escaping @Sendable (Block) -> Result) {
        for _ in blocks.indices {
            DispatchQueue.global().async { self.runUnclaimed(work, atMost: 1) }
        }
    }

    /// Runs the blocks no worker has claimed, then waits for those that workers are running.
    func finish(_ work: (Block) -> Result) {
        runUnclaimed(work)
        allDone.wait()
    }

    /// Claims and runs blocks not yet claimed, `atMost` of them.
    private func runUnclaimed(_ work: (Block) -> Result, atMost limit: Int = .max) {
        var done = 0
        while done < limit {
            let index = nextUnclaimed.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < blocks.count else { return }
            slots[index] = work(blocks[index])
            done += 1
            if finished.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue == blocks.count {
                allDone.signal()
            }
        }
    }

    /// The result of block `index`, moved out.
    func take(_ index: Int) -> Result? {
        let result = slots[index]
        slots[index] = nil
        return result
    }
}
