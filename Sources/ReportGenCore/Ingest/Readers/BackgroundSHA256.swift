import Crypto
import Dispatch

/// SHA-256 over blocks handed over in file order, hashed on a serial queue of its own, so that the thread reading the
/// blocks (which also merges what the cores parsed) goes on meanwhile: the usage log is hashed in the same pass that
/// reads it, on whichever core is free.
///
/// At most ``maximumPendingBlocks`` blocks wait to be hashed (``update(_:)`` waits past that), so memory stays
/// within that many blocks whatever the file's size.
package final class BackgroundSHA256: @unchecked Sendable {
    /// The most blocks handed over and not yet hashed: two batches of the readers' 4 blocks, so that a hash that
    /// falls behind while both cores parse does not stop the reading (with 4, the reader waited on it and the cores
    /// went idle); the blocks are the ones being parsed, shared, so this bounds how long they stay, not a copy.
    package static let maximumPendingBlocks = 8
    private let queue = DispatchQueue(label: "reportgen.sha256")
    private let room = DispatchSemaphore(value: maximumPendingBlocks)
    /// Read and changed on `queue` only.
    private var hasher = SHA256()
    private var byteCount = 0

    package init() {}

    /// Hands one block over, from byte `start` on; blocks are hashed in the order they are handed over. The block is
    /// shared, not copied: a caller that changes its array afterwards gets a copy of its own (copy on write).
    package func update(_ block: [UInt8], from start: Int = 0) {
        guard start < block.count else { return }
        room.wait()
        queue.async {
            block.withUnsafeBytes { self.hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[start...])) }
            self.byteCount += block.count - start
            self.room.signal()
        }
    }

    /// Waits for every block handed over; the digest in lower-case hex and the bytes hashed.
    package func finalize() -> (sha256: String, bytes: Int) {
        queue.sync { (sha256Hex(hasher.finalize()), byteCount) }
    }
}
