import Foundation

/// A pack folder with its archive and workspace. The folder may be anywhere (`build --out`) and reached through
/// symbolic links: the layout `WORKSPACE/packs/YYYY-MM` is tried first, then the workspace its manifest records; an
/// archive is taken only if its identity is the one the manifest records. `--archive` and `--workspace` override.
package struct PackLocation: Sendable {
    package let folder: PackFolder
    package let archivePath: String
    package let workspace: URL

    /// Finds a pack folder's archive.
    /// - Throws: ``PackFolderError/notAPack(path:reason:)``, ``PackFolderError/archiveNotFound(folder:searched:)``,
    ///   or ``PackFolderError/otherArchive(folder:archive:expected:found:)`` when the archive given is not the pack's.
    package static func locate(_ url: URL, archive: URL? = nil, workspace: URL? = nil) throws -> PackLocation {
        let folder = try PackFolder.read(url)
        let origin = folder.manifest.origin
        if let explicit = archive?.path ?? workspace.map({ $0.appendingPathComponent(DecisionArchive.fileName).path }) {
            if let origin, let id = try identity(of: explicit), id != origin.archive {
                throw PackFolderError.otherArchive(
                    folder: folder.url.path, archive: explicit, expected: origin.archive, found: id)
            }
            return PackLocation(
                folder: folder, archivePath: explicit,
                workspace: workspace ?? URL(fileURLWithPath: explicit).deletingLastPathComponent())
        }
        // The workspace the folder sits in first (a copied workspace holds its own archive), then the recorded one.
        let parent = folder.url.deletingLastPathComponent()
        var candidates = [
            parent.deletingLastPathComponent().appendingPathComponent(DecisionArchive.fileName).path,
            parent.appendingPathComponent(DecisionArchive.fileName).path,
        ]
        if let origin {
            candidates.append(
                URL(fileURLWithPath: origin.workspace).appendingPathComponent(DecisionArchive.fileName).path)
        }
        var seen = Set<String>()
        candidates = candidates.filter { seen.insert($0).inserted }
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            if let origin, let id = try? identity(of: path), id != origin.archive { continue }
            return PackLocation(
                folder: folder, archivePath: path, workspace: URL(fileURLWithPath: path).deletingLastPathComponent())
        }
        throw PackFolderError.archiveNotFound(folder: folder.url.path, searched: candidates)
    }

    /// An archive's identity, read without writing it.
    private static func identity(of path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try DecisionArchive(path: path, readOnly: true).id
    }
}
