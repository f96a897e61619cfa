import Foundation

/// Reads a file in blocks cut just after a line ending (LF, CRLF or a lone CR), so that each block holds whole lines
/// and can be parsed on its own, on any core. The cuts depend only on the file's bytes and ``blockBytes``, never on
/// timing, so per-block results merged in block order are the same on every run.
///
/// A line longer than ``maximumLineBytes`` is never held whole: its first bytes are kept for the message and the rest
/// is skipped up to its line ending, so memory stays within about `2 × blockBytes + maximumLineBytes`.
package struct LineChunkReader {
    /// What the reader yields, in file order.
    package enum Piece: Sendable {
        /// Whole lines (the last one may lack its ending at the end of the file): a slice of the block read, which
        /// shares its storage with the hash queue rather than copying it.
        case lines(ArraySlice<UInt8>)
        /// One line over the bound: its first bytes and its length without its ending.
        case longLine(head: [UInt8], byteCount: Int)
    }

    /// How many bytes are read at a time (a block is cut at its last line ending).
    package let blockBytes: Int
    /// The longest line held in memory, in bytes.
    package let maximumLineBytes: Int
    /// When set, every byte read from the file is handed to it, in file order (skipped long lines included), so that
    /// a caller gets the file's SHA-256 without a second read.
    package var digest: BackgroundSHA256?
    private let descriptor: Int32
    private var pending: [UInt8] = []
    /// Where the bytes of a long line being skipped are read; made at the first such line.
    private var scratch: [UInt8] = []
    private var isAtEnd = false
    /// Whether a skipped long line ended with a CR at the end of a block, so that an LF starting the next is its
    /// CRLF's second byte.
    private var dropsLeadingLF = false

    /// Reads from an open file descriptor (the caller keeps it open while reading).
    package init(descriptor: Int32, blockBytes: Int, maximumLineBytes: Int) {
        self.descriptor = descriptor
        self.blockBytes = max(blockBytes, 1)
        self.maximumLineBytes = maximumLineBytes
    }

    /// Reads up to one block straight into a new buffer after the bytes kept in `pending`, which it replaces, and
    /// hands the bytes read to ``digest`` without copying them; the count read (0 at the end of the file).
    private mutating func readAfterPending() -> Int {
        let kept = pending
        let capacity = blockBytes
        let descriptor = self.descriptor
        var total = 0
        let block = [UInt8](unsafeUninitializedCapacity: kept.count + capacity) { buffer, initialized in
            initialized = 0
            guard let base = buffer.baseAddress else { return }
            kept.withUnsafeBufferPointer { old in
                if let source = old.baseAddress { base.initialize(from: source, count: old.count) }
            }
            while total < capacity {
                let count = read(descriptor, base + kept.count + total, capacity - total)
                if count <= 0 { break }
                total += count
            }
            initialized = kept.count + total
        }
        guard total > 0 else { return 0 }
        digest?.update(block, from: kept.count)
        pending = block
        if dropsLeadingLF {
            // Only after a skipped long line, so nothing was kept: the LF is the first byte (hashed all the same).
            dropsLeadingLF = false
            if pending[kept.count] == 0x0A {
                pending.remove(at: kept.count)
                total -= 1
            }
        }
        return total
    }

    /// Reads up to one block into `scratch`, for a long line being skipped (``dropsLeadingLF`` is only ever set after
    /// the skip, so ``readAfterPending()`` is the one that sees it); the count read (0 at the end of the file).
    private mutating func readBlock() -> Int {
        var total = 0
        if scratch.isEmpty { scratch = [UInt8](repeating: 0, count: blockBytes) }
        let capacity = scratch.count
        let descriptor = self.descriptor
        scratch.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            while total < capacity {
                let count = read(descriptor, base + total, capacity - total)
                if count <= 0 { break }
                total += count
            }
        }
        // A copy: `scratch` is read into again before it is hashed (only for the bytes of a long line skipped).
        if total > 0, let digest { digest.update(Array(scratch[0..<total])) }
        return total
    }

    /// The offset just after the last line ending of `pending` whose kind is known (a CR as the last byte may be the
    /// first half of a CRLF), or `nil`.
    private func lastLineEnd() -> Int? {
        var index = pending.count - 1
        while index >= 0 {
            let byte = pending[index]
            if byte == 0x0A || (byte == 0x0D && index < pending.count - 1) { return index + 1 }
            index -= 1
        }
        return nil
    }

    /// The next piece, or `nil` at the end of the file.
    package mutating func next() -> Piece? {
        while true {
            if !isAtEnd, readAfterPending() == 0 { isAtEnd = true }
            if isAtEnd {
                guard !pending.isEmpty else { return nil }
                defer { pending = [] }
                return .lines(pending[...])
            }
            if let cut = lastLineEnd() {
                let piece = pending[..<cut]
                pending = Array(pending[cut...])
                return .lines(piece)
            }
            if pending.count > maximumLineBytes { return skipLongLine() }
        }
    }

    /// Skips the rest of a line that has outgrown the bound; the bytes after its ending stay pending.
    private mutating func skipLongLine() -> Piece {
        let head = Array(pending.prefix(64))
        var byteCount = pending.count
        // A CR kept back as the last byte is part of the line's ending, not of the line.
        if pending.last == 0x0D {
            byteCount -= 1
            pending = []
            dropsLeadingLF = true
            return .longLine(head: head, byteCount: byteCount)
        }
        pending = []
        while true {
            let count = readBlock()
            if count == 0 {
                isAtEnd = true
                return .longLine(head: head, byteCount: byteCount)
            }
            guard let end = scratch[0..<count].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else {
                byteCount += count
                continue
            }
            byteCount += end
            var rest = end + 1
            if scratch[end] == 0x0D {
                if rest < count {
                    if scratch[rest] == 0x0A { rest += 1 }
                } else {
                    dropsLeadingLF = true
                }
            }
            pending = Array(scratch[rest..<count])
            return .longLine(head: head, byteCount: byteCount)
        }
    }

    /// Calls `body` with each line of `chunk` (whole lines, as ``next()`` cuts them), without its ending: LF, CRLF and
    /// a lone CR each end one line, so line numbers are right for every line ending. An empty line is passed too.
    package static func forEachLine(in chunk: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        guard let base = chunk.baseAddress else { return }
        let count = chunk.count
        let hasCR = memchr(base, 0x0D, count) != nil
        var start = 0
        while start < count {
            let end = memchr(base + start, 0x0A, count - start).map { base.distance(to: UnsafeRawPointer($0)) } ?? count
            var segment = start
            if hasCR {
                while let found = memchr(base + segment, 0x0D, end - segment) {
                    let position = base.distance(to: UnsafeRawPointer(found))
                    // The CR of a CRLF belongs to the LF's line ending.
                    if position == end - 1, end < count { break }
                    body(UnsafeRawBufferPointer(rebasing: chunk[segment..<position]))
                    segment = position + 1
                }
            }
            var lineEnd = end
            if end < count, end > segment, chunk[end - 1] == 0x0D { lineEnd = end - 1 }
            if end < count || segment < end { body(UnsafeRawBufferPointer(rebasing: chunk[segment..<lineEnd])) }
            start = end + 1
        }
    }
}
