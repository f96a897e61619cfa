import Crypto
import Foundation

/// Ed25519 keys for sign-offs (RFC 8032, through swift-crypto). A private key file holds the base64 of the 32-byte
/// seed on one line; a public key file the base64 of the 32-byte public key.
package enum SigningKey {
    /// Makes a key pair and writes `NAME.key` (readable by its owner only) and `NAME.pub`.
    package static func generate(directory: URL, name: String) throws -> (privateKey: URL, publicKey: URL) {
        let key = Curve25519.Signing.PrivateKey()
        let privateURL = directory.appendingPathComponent(name + ".key")
        let publicURL = directory.appendingPathComponent(name + ".pub")
        guard !FileManager.default.fileExists(atPath: privateURL.path) else {
            throw ArchiveError.refused("\(privateURL.path) exists; keygen never overwrites a key")
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data((key.rawRepresentation.base64EncodedString() + "\n").utf8).write(
            to: privateURL, options: .withoutOverwriting)
        chmod(privateURL.path, 0o600)
        try Data((key.publicKey.rawRepresentation.base64EncodedString() + "\n").utf8).write(to: publicURL)
        return (privateURL, publicURL)
    }

    /// Loads a private key file.
    package static func load(_ url: URL) throws -> Curve25519.Signing.PrivateKey {
        guard let text = try? String(contentsOf: url, encoding: .utf8),
            let seed = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), seed.count == 32,
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        else {
            throw ArchiveError.refused(
                "\(url.path): expected an Ed25519 private key (base64 of 32 bytes, as written by reportgen keygen)")
        }
        return key
    }

    /// `sha256(public key)[0..<16]`, the key's short name.
    package static func fingerprint(_ publicKey: Data) -> String { String(sha256Hex(publicKey).prefix(16)) }

    /// Whether `signature` (base64) is a valid signature of `message` by `publicKey` (base64).
    package static func isValid(signature: String, message: Data, publicKey: String) -> Bool {
        guard let signatureBytes = Data(base64Encoded: signature), let keyBytes = Data(base64Encoded: publicKey),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyBytes)
        else { return false }
        return key.isValidSignature(signatureBytes, for: message)
    }
}
