import Foundation

/// How a pack was rendered: recorded in its manifest and its archive record, so that whatever is added to the pack
/// later (its sign-off view) uses exactly the same languages and translation files.
package struct PackSettings: Codable, Sendable, Equatable {
    /// The report languages, the main one (`index.html`) first.
    package var languages: [String]
    /// `rfc4180` or `excel-fr`.
    package var csvDialect: String
    /// The files of `--templates` that replaced built-in ones (path relative to that folder → SHA-256); empty when
    /// only built-in templates were used. Their bytes are archived with the pack.
    package var templates: [String: String]
    /// SHA-256 over every template and translation the pack was rendered with, built-in ones included.
    package var templateSetSHA256: String

    package var mainLanguage: String { languages.first ?? "fr" }
}

/// Where a pack's archive is: recorded in its manifest, so that `sign`, `verify` and `history` find the archive of
/// a pack written anywhere (`build --out`).
package struct PackOrigin: Codable, Sendable, Equatable {
    /// The archive's identity (`reportgen anchor` prints it).
    package var archive: String
    /// The workspace's absolute path when the pack was built.
    package var workspace: String
}
