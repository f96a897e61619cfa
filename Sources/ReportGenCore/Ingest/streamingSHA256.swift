import Crypto
import Foundation

/// The SHA-256 and size of an input file, read in 1 MiB blocks so that hashing a large log keeps memory flat.
package func streamingSHA256(_ file: InputFile) throws -> (sha256: String, bytes: Int) {
    let handle = try file.open()
    defer { try? handle.close() }
    var hasher = SHA256()
    var bytes = 0
    while true {
        let chunk = handle.readData(ofLength: 1 << 20)
        if chunk.isEmpty { break }
        hasher.update(data: chunk)
        bytes += chunk.count
    }
    return (sha256Hex(hasher.finalize()), bytes)
}
