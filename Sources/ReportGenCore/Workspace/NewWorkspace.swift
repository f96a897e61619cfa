import Foundation

/// A new workspace from the bundled template (`data/init/`): a commented `reportgen.yaml`, `inputs/`, `packs/`.
package enum NewWorkspace {
    /// Why a workspace is not created.
    package enum Failure: Error, Equatable, CustomStringConvertible, LocalizedError {
        /// `reportgen init` never overwrites a workspace.
        case configurationExists(path: String)

        package var description: String {
            switch self {
            case .configurationExists(let path): return "\(path) exists; init never overwrites a workspace"
            }
        }

        package var errorDescription: String? { description }
    }

    /// Creates the workspace and returns the path of its `reportgen.yaml`.
    /// - Throws: ``Failure/configurationExists(path:)``, or a file-system error.
    package static func create(at root: URL) throws -> URL {
        let config = root.appendingPathComponent(Workspace.configFileName)
        guard !FileManager.default.fileExists(atPath: config.path) else {
            throw Failure.configurationExists(path: config.path)
        }
        try BuiltInData.extract("init/", to: root)
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("packs"), withIntermediateDirectories: true)
        return config
    }
}
