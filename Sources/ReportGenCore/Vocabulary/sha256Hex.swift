import Crypto
import Foundation

/// The lowercase hex SHA-256 of some bytes.
func sha256Hex(_ data: Data) -> String {
    sha256Hex(SHA256.hash(data: data))
}

/// A SHA-256 digest in lower-case hex, as the pack's inputs table shows it.
package func sha256Hex(_ digest: SHA256.Digest) -> String {
    digest.map { String(format: "%02x", $0) }.joined()
}
