import Foundation
import Templates

/// `signoff.json`: the sign-offs of a pack, added beside its reviewed files (which stay byte-identical). Each entry is
/// the sign-off record exactly as archived (its Ed25519 signature covers the manifest's SHA-256, the decisions, the
/// signer's name, role and public key, and the archive's head before it) with the record's number and chain hash.
package struct SignoffDocument: Codable, Sendable, Equatable {
    package static let fileName = "signoff.json"
    package static let viewFileName = "signoff.html"
    /// The files a sign-off adds to a pack.
    package static let fileNames: Set<String> = [fileName, viewFileName]

    package struct Entry: Codable, Sendable, Equatable {
        /// The sign-off's record number in the archive.
        package var record: Int
        /// Its chain hash: the archive's head once it was appended.
        package var hash: String
        package var signoff: SignoffRecord
    }

    package var schemaVersion = 1
    package var tool = "ReportGen"
    package var toolVersion: String
    package var period: String
    package var organisation: String
    /// The signed version's number, and the reviewed draft's record and version.
    package var version: Int
    package var reviewedRecord: Int
    package var reviewedVersion: Int
    /// SHA-256 of the reviewed `manifest.json` that every sign-off signed.
    package var manifestSHA256: String
    /// The archive's identity, and its head with the last sign-off: the signed pack carries it, so a later
    /// truncation or rewrite of the archive is detected against the pack.
    package var archive: String?
    package var head: ChainHead
    /// Every sign-off of the reviewed draft, in order.
    package var signoffs: [Entry]

    package var isSigned: Bool { signoffs.allSatisfy(\.signoff.isSigned) }
}

/// Renders `signoff.json` and `signoff.html`: the built-in `signoff` template, in the pack's main language, through
/// the translation files the pack was rendered with (the built-in ones and those of its `--templates` folder).
package struct SignoffRenderer {
    package let templates: TemplateSet
    package let language: ReportLanguage

    /// - Parameter customFiles: the pack's `--templates` files (path → bytes); only their translations are used.
    package init(settings: PackSettings?, customFiles: [String: Data]) throws(TemplateError) {
        templates = try TemplateSet.overridden(
            byFiles: customFiles.filter { $0.key.hasPrefix("i18n/") && $0.key.hasSuffix(".json") },
            origin: "the pack's templates")
        language = settings.flatMap { ReportLanguage(rawValue: $0.mainLanguage) } ?? .fr
    }

    package func files(for document: SignoffDocument) throws -> [PackFile] {
        let view = SignoffView(document: document, language: language, strings: templates.strings(for: language))
        let html = try templates.render("signoff", view: view.dictionary())
        return [
            PackFile(name: SignoffDocument.fileName, data: try prettyJSON(document)),
            PackFile(name: SignoffDocument.viewFileName, data: Data(html.utf8)),
        ]
    }
}
