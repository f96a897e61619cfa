extension Dictionary where Key: Comparable {
    /// The values in the order of their keys. A dictionary's own order changes from one process to the next (Swift
    /// seeds its hashing per process), and a floating-point sum depends on its order in the last digits: sums that
    /// reach a pack go through this, so that the same inputs give byte-identical packs.
    package var valuesInKeyOrder: [Value] { keys.sorted().compactMap { self[$0] } }
}
