import Foundation

/// A workspace folder: `reportgen.yaml`, `inputs/`, `packs/`.
struct Workspace: Sendable {
    static let configFileName = "reportgen.yaml"

    let root: URL
    let config: WorkspaceConfig
    /// The configuration file's bytes, hashed into the manifest.
    let configData: Data

    /// Loads and validates a workspace's configuration.
    /// - Throws: ``ConfigErrors`` for a broken `reportgen.yaml`, ``IngestError/unreadable(file:reason:)`` when it is
    ///   missing.
    static func load(_ root: URL) throws -> Workspace {
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

    var inputsDirectory: URL { root.appendingPathComponent("inputs") }
    var packsDirectory: URL { root.appendingPathComponent("packs") }

    /// The files in `inputs/` (recursively), sorted by path; hidden files and `README*` are skipped.
    func inputFiles() throws -> [InputFile] {
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
