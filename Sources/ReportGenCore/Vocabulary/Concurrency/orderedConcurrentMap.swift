import Dispatch
import Synchronization

/// The results of `transform` over `0..<count`, in index order, computed by up to `workers` threads at once.
///
/// Each worker takes the next index not yet taken, so the jobs are best listed longest first. The results do not
/// depend on `workers`: only the time does.
/// - Parameters:
///   - count: how many jobs.
///   - workers: the most threads used at once (1: every job on the calling thread, in order).
///   - transform: one job; it must be safe to run beside the others.
/// - Returns: the jobs' results, in index order.
/// - Throws: the error of the first job (in index order) that failed, once every job has ended.
package func orderedConcurrentMap<Result: Sendable>(
    count: Int, workers: Int, _ transform: @Sendable (Int) throws -> Result
) throws -> [Result] {
    guard workers > 1, count > 1 else { return try (0..<count).map(transform) }
    let next = Atomic<Int>(0)
    let results = Mutex<[Int: Swift.Result<Result, any Error>]>([:])
    DispatchQueue.concurrentPerform(iterations: min(workers, count)) { _ in
        while true {
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < count else { return }
            let result = Swift.Result { try transform(index) }
            results.withLock { $0[index] = result }
        }
    }
    let collected = results.withLock { $0 }
    return try (0..<count).map { index in
        guard let result = collected[index] else { preconditionFailure("job \(index) of \(count) never ran") }
        return try result.get()
    }
}

/// `first` and `second` run at the same time, `first` on the calling thread (with its full stack) and `second` on
/// another one when `workers` > 1, and both have ended when it returns. With one worker, `first` runs, then `second`.
///
/// When no thread has taken `second` by the time `first` ends (every thread of the pool busy, as under a test runner's
/// parallel tests), the calling thread runs it itself rather than wait for the pool to grow (libdispatch adds a thread
/// to a blocked pool about once a second on Linux).
/// - Parameters:
///   - workers: the threads that may run at once; 1 runs the two in a row on the calling thread.
///   - first: run on the calling thread.
///   - second: run on another thread, or on the calling one after `first` when no other has started it.
/// - Returns: both results.
/// - Throws: `first`'s error when it failed, else `second`'s: the error the two in a row would have thrown.
package func bothAtOnce<First: Sendable, Second: Sendable>(
    workers: Int, _ first: () throws -> First, _ second: @escaping @Sendable () throws -> Second
) throws -> (First, Second) {
    guard workers > 1 else { return (try first(), try second()) }
    let secondResult = Mutex<Swift.Result<Second, any Error>?>(nil)
    // Whoever sets it first runs `second`; `ended` is signalled once it has run, on whichever thread.
    let claimed = Atomic<Bool>(false)
    let ended = DispatchSemaphore(value: 0)
    let run: @Sendable () -> Void = {
        guard claimed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return }
        let result = Swift.Result { try second() }
        secondResult.withLock { $0 = result }
        ended.signal()
    }
    DispatchQueue.global(qos: .userInitiated).async(execute: run)
    let firstResult = Swift.Result { try first() }
    run()
    ended.wait()
    guard let b = secondResult.withLock({ $0 }) else { preconditionFailure("the second job never ran") }
    return (try firstResult.get(), try b.get())
}
