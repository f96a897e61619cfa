/// Hands back to the system the memory the allocator keeps once it is freed: glibc keeps freed pages in the arena of
/// the thread that used them (the usage log's blocks, its identity set, read on every core). Called once the inputs
/// are read, so that the model's peak does not stack on what reading them left. A no-op elsewhere.
func releaseFreedMemory() {
    #if os(Linux)
        _ = glibcMallocTrim(0)
    #endif
}

#if os(Linux)
    /// glibc's `int malloc_trim(size_t pad)` (`<malloc.h>`, which the Glibc module does not export).
    @_silgen_name("malloc_trim")
    private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
