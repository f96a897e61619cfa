import Foundation

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
        batch.group.wait()
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
            current.group.wait()
            return false
        }
        previous = current
    }
    if let previous { return mergeAll(previous) }
    return true
}

/// One batch's blocks and the slots their workers fill: each worker writes only its own slot, and the slots are read
/// only after ``group`` is done.
private final class BlockBatch<Block: Sendable, Result>: @unchecked Sendable {
    let blocks: [Block]
    let group = DispatchGroup()
    private let slots: UnsafeMutablePointer<Result?>

    init(_ blocks: [Block]) {
        self.blocks = blocks
        slots = UnsafeMutablePointer<Result?>.allocate(capacity: blocks.count)
        slots.initialize(repeating: nil, count: blocks.count)
    }

    deinit {
        slots.deinitialize(count: blocks.count)
        slots.deallocate()
    }

    func launch(_ work: @escaping @Sendable (Block) -> Result) {
        for index in blocks.indices {
            DispatchQueue.global().async(group: group) { self.slots[index] = work(self.blocks[index]) }
        }
    }

    /// The result of block `index`, moved out.
    func take(_ index: Int) -> Result? {
        let result = slots[index]
        slots[index] = nil
        return result
    }
}
