import Foundation

/// The archived form of a pack: what was decided on, with the hashes that tie it to its files and inputs.
package struct PackRecord: Codable, Sendable, Equatable {
    package struct ArchivedRecommendation: Codable, Sendable, Equatable {
        var cell: String
        var recommendation: String
        var capFilesPerMonth: Double?
    }

    package var period: String
    package var version: Int
    /// `draft` or `signed`.
    package var status: String
    package var generatedAt: String
    package var toolVersion: String
    package var configSHA256: String
    package var factorsSHA256: String
    package var manifestSHA256: String
    /// File name → SHA-256 of the content stored in the `blobs` table.
    package var files: [String: String]
    package var inputs: [String: String]
    package var recommendations: [ArchivedRecommendation]
    /// The record this version replaces (the draft, for a signed version).
    package var supersedes: Int?
    /// The sign-off this signed version shows.
    package var signoff: Int?
}

/// A signer's public key, recorded once with the signer's name and role.
package struct KeyRecord: Codable, Sendable, Equatable {
    package var signer: String
    package var role: String
    /// Ed25519 public key, base64 of its 32 bytes.
    package var publicKey: String
    /// The first 16 hex digits of the SHA-256 of the public key.
    package var fingerprint: String
}

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

/// A sign-off: who decided what on which pack. The signature covers this record's canonical JSON without the
/// `signature` field, which includes the manifest's hash.
package struct SignoffRecord: Codable, Sendable, Equatable {
    package var packSeq: Int
    package var period: String
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
    /// Ed25519 signature, base64.
    package var signature: String?

    /// The bytes the signature covers.
    package func signedBytes() throws -> Data {
        var unsigned = self
        unsigned.signature = nil
        return try canonicalJSON(unsigned)
    }
}

/// Sorted keys, no whitespace, slashes unescaped: the same value always gives the same bytes.
func canonicalJSON<T: Encodable>(_ value: T) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(value)
}
