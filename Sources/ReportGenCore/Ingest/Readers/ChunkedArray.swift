/// An array stored in fixed-size chunks: appending never copies what is stored, so a long array grows without the
/// doubling copy (twice its size at once) that `Array` makes when it runs out of capacity.
struct ChunkedArray<Element: Sendable>: Sendable, RandomAccessCollection {
    /// Elements per chunk.
    static var chunkCount: Int { 16_384 }

    private var chunks: [[Element]] = []
    private(set) var count = 0

    init() {}

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    mutating func append(_ element: Element) {
        if count % Self.chunkCount == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkCount)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }

    subscript(position: Int) -> Element {
        get { chunks[position / Self.chunkCount][position % Self.chunkCount] }
        set { chunks[position / Self.chunkCount][position % Self.chunkCount] = newValue }
    }
}
