import Foundation

/// One cell's decision in a sign-off.
package struct CellDecision: Codable, Sendable, Equatable {
    package var cell: String
    package var recommendation: String
    /// `accepted` or `overridden`.
    package var outcome: String
    /// The decision taken: the recommendation when accepted.
    package var decision: String
    package var rationale: String?
}

/// The archive's head at one moment: how many records it held and the hash of the last one. The hash covers every
/// record before it, so a head kept elsewhere (a signed pack, an exported anchor) detects any later rewrite,
/// truncation or reordering of the records up to it.
package struct ChainHead: Codable, Sendable, Equatable {
    /// The last record's sequence number (the record count).
    package var seq: Int
    /// The last record's chain hash.
    package var hash: String

    package init(seq: Int, hash: String) {
        self.seq = seq
        self.hash = hash
    }
}

/// A signer's public key, registered with the signer's name and role (`reportgen signer add`, or on a first
/// signature with `--register`).
package struct KeyRecord: Codable, Sendable, Equatable {
    package var signer: String
    package var role: String
    /// Ed25519 public key, base64 of its 32 bytes.
    package var publicKey: String
    /// The first 16 hex digits of the SHA-256 of the public key.
    package var fingerprint: String
}

/// A sign-off: who decided what on which pack. The signature covers this record's canonical JSON without the
/// `signature` field: the manifest's hash, the decisions, the signer's name, role and public key, and the archive's
/// head just before the record.
package struct SignoffRecord: Codable, Sendable, Equatable {
    /// The archived draft this sign-off decides on.
    package var packSeq: Int
    package var period: String
    /// SHA-256 of the draft's `manifest.json`: every reviewed file's SHA-256.
    package var manifestSHA256: String
    package var signer: String
    package var role: String
    /// `approve`, `reject` or `amend`.
    package var decision: String
    package var comment: String?
    package var cells: [CellDecision]
    package var signedAt: String
    /// The earlier sign-off this one corrects (for `amend`).
    package var corrects: Int?
    package var keyFingerprint: String?
    /// The signing key (base64 of the Ed25519 public key); absent from sign-offs recorded before keys were bound.
    package var publicKey: String?
    /// The archive's identity and its head just before this record.
    package var archive: String?
    package var head: ChainHead?
    /// Ed25519 signature, base64; absent for a sign-off recorded with `--unsigned`.
    package var signature: String?

    package var isSigned: Bool { signature != nil }

    /// The bytes the signature covers.
    package func signedBytes() throws -> Data {
        var unsigned = self
        unsigned.signature = nil
        return try canonicalJSON(unsigned)
    }
}

/// Sorted keys, no whitespace, slashes unescaped: the same value always gives the same bytes.
package func canonicalJSON<T: Encodable>(_ value: T) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(value)
}

/// Pretty-printed, sorted keys, slashes unescaped: the form of the JSON files a pack holds.
package func prettyJSON<T: Encodable>(_ value: T) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(value)
}

/// Whether two signer names name the same person: compared without case and with runs of spaces folded, so that
/// "A. Martin" cannot take a second key as "a.  martin".
package func isSameSigner(_ a: String, _ b: String) -> Bool {
    func folded(_ name: String) -> String {
        name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
    return folded(a) == folded(b)
}
