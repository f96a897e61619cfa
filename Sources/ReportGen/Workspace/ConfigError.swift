import Foundation

/// A problem in `reportgen.yaml`, located by file, line and key path.
struct ConfigError: Error, Equatable, CustomStringConvertible, LocalizedError {
    var file: String
    var line: Int?
    /// The key path, such as `services[2].business_value`.
    var path: String
    var message: String

    /// `reportgen.yaml:14: services[2].business_value: expected an integer from 1 to 5, found 7`.
    var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return path.isEmpty ? "\(location): \(message)" : "\(location): \(path): \(message)"
    }

    var errorDescription: String? { description }
}

/// Every problem found in a configuration file, so the user can fix them all in one pass.
struct ConfigErrors: Error, CustomStringConvertible, LocalizedError {
    var errors: [ConfigError]
    var description: String { errors.map(\.description).joined(separator: "\n") }
    var errorDescription: String? { description }
}
