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
        /// Whole lines (the last one may lack its ending at the end of the file).
        case lines([UInt8])
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
    private var scratch: [UInt8]
    private var isAtEnd = false
    /// Whether a skipped long line ended with a CR at the end of a block, so that an LF starting the next is its
    /// CRLF's second byte.
    private var dropsLeadingLF = false

    /// Reads from an open file descriptor (the caller keeps it open while reading).
    package init(descriptor: Int32, blockBytes: Int, maximumLineBytes: Int) {
        self.descriptor = descriptor
        self.blockBytes = max(blockBytes, 1)
        self.maximumLineBytes = maximumLineBytes
        self.scratch = [UInt8](repeating: 0, count: max(blockBytes, 1))
    }

    /// Reads up to one block into `scratch`; the count read (0 at the end of the file).
    private mutating func readBlock() -> Int {
        var total = 0
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
        // A copy (a memcpy, against the hash's 0.6 ms a MiB): `scratch` is read into again before it is hashed.
        if total > 0, let digest { digest.update(Array(scratch[0..<total])) }
        if total > 0, dropsLeadingLF {
            dropsLeadingLF = false
            if scratch[0] == 0x0A {
                scratch.withUnsafeMutableBytes { raw in
                    guard let base = raw.baseAddress else { return }
                    memmove(base, base + 1, total - 1)
                }
                total -= 1
            }
        }
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
            if !isAtEnd {
                let count = readBlock()
                if count == 0 {
                    isAtEnd = true
                } else {
                    pending.append(contentsOf: scratch[0..<count])
                }
            }
            if isAtEnd {
                guard !pending.isEmpty else { return nil }
                defer { pending = [] }
                return .lines(pending)
            }
            if let cut = lastLineEnd() {
                var piece = pending
                pending = Array(piece[cut...])
                piece.removeLast(piece.count - cut)
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
