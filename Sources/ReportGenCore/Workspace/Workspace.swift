import Foundation

/// A workspace folder: `reportgen.yaml`, `inputs/`, `packs/`.
package struct Workspace: Sendable {
    package static let configFileName = "reportgen.yaml"

    package let root: URL
    package let config: WorkspaceConfig
    /// The configuration file's bytes, hashed into the manifest.
    package let configData: Data

    /// Loads and validates a workspace's configuration.
    /// - Throws: ``ConfigErrors`` for a broken `reportgen.yaml`, ``IngestError/unreadable(file:reason:)`` when it is
    ///   missing.
    package static func load(_ root: URL) throws -> Workspace {
        let url = root.appendingPathComponent(configFileName)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw IngestError.unreadable(
                file: url.path, reason: "no \(configFileName) here; create a workspace with `reportgen init DIR`")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw IngestError.notUTF8(file: configFileName, byteOffset: firstInvalidUTF8Offset([UInt8](data)))
        }
        let config = try WorkspaceConfig.parse(text, file: configFileName)
        return Workspace(root: root, config: config, configData: data)
    }

    package var inputsDirectory: URL { root.appendingPathComponent("inputs") }
    package var packsDirectory: URL { root.appendingPathComponent("packs") }

    /// The files in `inputs/` (recursively), sorted by path; hidden files and `README*` are skipped.
    package func inputFiles() throws -> [InputFile] { try Self.inputFiles(of: root) }

    /// The files in `ROOT/inputs/`, for a workspace whose configuration may be broken.
    package static func inputFiles(of root: URL) throws -> [InputFile] {
        let inputsDirectory = root.appendingPathComponent("inputs")
        let manager = FileManager.default
        guard manager.fileExists(atPath: inputsDirectory.path) else {
            throw IngestError.unreadable(file: "inputs/", reason: "the workspace has no inputs/ folder")
        }
        guard let walker = manager.enumerator(at: inputsDirectory, includingPropertiesForKeys: [.isRegularFileKey])
        else {
            return []
        }
        var files: [InputFile] = []
        let base = inputsDirectory.standardizedFileURL.path
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(base.count + 1))
            let name = url.lastPathComponent
            if name.hasPrefix(".") || name.uppercased().hasPrefix("README") { continue }
            files.append(InputFile(name: "inputs/" + relative, url: url))
        }
        return files.sorted { $0.name < $1.name }
    }
}
