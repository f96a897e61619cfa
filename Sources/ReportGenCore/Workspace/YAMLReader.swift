import Foundation
import Yams

/// Walks a composed YAML tree with the key path and line of every node, collecting typed errors instead of
/// stopping at the first, so that `validate` lists every mistake in `reportgen.yaml` at once.
package final class YAMLReader {
    package let file: String
    private(set) var errors: [ConfigError] = []

    package init(file: String) { self.file = file }

    /// Parses YAML text into a node tree.
    package func compose(_ text: String) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            errors.append(syntaxError(error))
        } catch {
            errors.append(ConfigError(file: file, line: nil, path: "", message: "\(error)"))
        }
        return nil
    }

    private func syntaxError(_ error: YamlError) -> ConfigError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ConfigError(
                file: file, line: mark.line, path: "", message: "invalid YAML: \(problem) (column \(mark.column))")
        default:
            return ConfigError(file: file, line: nil, path: "", message: "invalid YAML: \(error)")
        }
    }

    package func fail(_ node: Node?, _ path: String, _ message: String) {
        errors.append(ConfigError(file: file, line: node?.mark?.line, path: path, message: message))
    }

    /// `found …` text for a node.
    package func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return scalar.string.isEmpty ? "an empty value" : scalar.string
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// The entries of a mapping, refusing keys not in `allowed` (typos are the commonest configuration error).
    package func mapping(_ node: Node?, _ path: String, allowed: [String]? = nil) -> [(key: String, node: Node)] {
        guard let node else { return [] }
        guard case .mapping(let mapping) = node else {
            fail(node, path, "expected a mapping, found \(describe(node))")
            return []
        }
        var entries: [(String, Node)] = []
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            if let allowed, !allowed.contains(key) {
                fail(keyNode, join(path, key), "unknown key; expected one of \(allowed.joined(separator: ", "))")
                continue
            }
            entries.append((key, value))
        }
        return entries
    }

    package func value(_ entries: [(key: String, node: Node)], _ key: String) -> Node? {
        entries.first { $0.key == key }?.node
    }

    package func string(_ node: Node?, _ path: String) -> String? {
        guard let node else { return nil }
        guard case .scalar(let scalar) = node else {
            fail(node, path, "expected text, found \(describe(node))")
            return nil
        }
        return scalar.string
    }

    package func requiredString(_ node: Node?, _ path: String, parent: Node?) -> String? {
        guard let node else {
            fail(parent, path, "missing; expected text")
            return nil
        }
        return string(node, path)
    }

    package func number(_ node: Node?, _ path: String, range: ClosedRange<Double>? = nil, expected: String = "a number")
        -> Double?
    {
        guard let node else { return nil }
        guard case .scalar(let scalar) = node,
            let value = Double(scalar.string.replacingOccurrences(of: "_", with: "")),
            value.isFinite
        else {
            fail(node, path, "expected \(expected), found \(describe(node))")
            return nil
        }
        if let range, !range.contains(value) {
            fail(node, path, "expected \(expected), found \(scalar.string)")
            return nil
        }
        return value
    }

    package func integer(_ node: Node?, _ path: String, range: ClosedRange<Int>, expected: String) -> Int? {
        guard let node else { return nil }
        guard case .scalar(let scalar) = node, let value = Int(scalar.string), range.contains(value) else {
            fail(node, path, "expected \(expected), found \(describe(node))")
            return nil
        }
        return value
    }

    package func bool(_ node: Node?, _ path: String) -> Bool? {
        guard let node else { return nil }
        guard case .scalar(let scalar) = node,
            let value = Bool(scalar.string.lowercased())
                ?? (scalar.string == "yes" ? true : scalar.string == "no" ? false : nil)
        else {
            fail(node, path, "expected true or false, found \(describe(node))")
            return nil
        }
        return value
    }

    package func sequence(_ node: Node?, _ path: String) -> [Node] {
        guard let node else { return [] }
        guard case .sequence(let sequence) = node else {
            fail(node, path, "expected a list, found \(describe(node))")
            return []
        }
        return Array(sequence)
    }

    /// A list of strings; a single string is accepted as a list of one.
    package func strings(_ node: Node?, _ path: String) -> [String] {
        guard let node else { return [] }
        if case .scalar(let scalar) = node { return [scalar.string] }
        return sequence(node, path).enumerated().compactMap { string($1, "\(path)[\($0)]") }
    }

    /// A mapping of keys to numbers.
    package func numbers(
        _ node: Node?, _ path: String, range: ClosedRange<Double>? = nil, expected: String = "a number"
    )
        -> [String: Double]
    {
        var result: [String: Double] = [:]
        for (key, value) in mapping(node, path) {
            if let number = number(value, join(path, key), range: range, expected: expected) { result[key] = number }
        }
        return result
    }

    package func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}
