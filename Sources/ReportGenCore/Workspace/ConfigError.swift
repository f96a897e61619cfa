import Foundation

/// A problem in `reportgen.yaml`, located by file, line and key path.
package struct ConfigError: Error, Equatable, CustomStringConvertible, LocalizedError {
    package var file: String
    package var line: Int?
    /// The key path, such as `services[2].business_value`.
    package var path: String
    package var message: String

    /// `reportgen.yaml:14: services[2].business_value: expected an integer from 1 to 5, found 7`.
    package var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return path.isEmpty ? "\(location): \(message)" : "\(location): \(path): \(message)"
    }

    package var errorDescription: String? { description }
}

/// Every problem found in a configuration file, so the user can fix them all in one pass.
package struct ConfigErrors: Error, CustomStringConvertible, LocalizedError {
    package var errors: [ConfigError]
    package var description: String { errors.map(\.description).joined(separator: "\n") }
    package var errorDescription: String? { description }
}
