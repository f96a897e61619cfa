import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The workspace's write lock, `archive.sqlite.lock` beside the archive: `sign`, `build`, `restore` and `signer add`
/// hold it while they change the archive and the pack folders together, so that two of them never interleave.
/// An advisory `flock(2)` lock: the system releases it when its process ends, even when killed.
/// `verify`, `history` and `diff` only read and never take it.
package final class ArchiveLock {
    package let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Takes the lock of the archive at `archivePath`, waiting up to `timeoutMilliseconds` for another holder.
    /// - Parameter holder: who takes it (`reportgen sign`), written into the lock file for the busy message.
    /// - Throws: ``ArchiveError/locked(path:holder:)`` when another process still holds it.
    package static func acquire(archivePath: String, holder: String, timeoutMilliseconds: Int32 = 5000)
        throws(ArchiveError) -> ArchiveLock
    {
        let path = archivePath + ".lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else {
            throw .sqlite(
                path: path, code: errno, message: "cannot open the lock file: \(String(cString: strerror(errno)))")
        }
        let deadline = Date().addingTimeInterval(Double(max(timeoutMilliseconds, 0)) / 1000)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                let current = (try? String(contentsOfFile: path, encoding: .utf8))?
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                close(descriptor)
                throw .locked(path: path, holder: current.flatMap { $0.isEmpty ? nil : $0 } ?? "another process")
            }
            usleep(20_000)
        }
        let text = "\(holder) (pid \(getpid()))\n"
        _ = ftruncate(descriptor, 0)
        _ = text.withCString { write(descriptor, $0, strlen($0)) }
        return ArchiveLock(path: path, descriptor: descriptor)
    }

    /// Releases the lock (also done when the value is released).
    package func release() {
        guard descriptor >= 0 else { return }
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
