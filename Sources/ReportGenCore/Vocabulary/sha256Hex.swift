import Crypto
import Foundation

/// The lowercase hex SHA-256 of some bytes.
func sha256Hex(_ data: Data) -> String {
    SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
}
