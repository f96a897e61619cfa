import CLibXML2
import Foundation

/// An HTML file parsed by libxml2's HTML parser, queried with XPath, for checking the report's structure.
final class HTMLDocument {
    private let document: htmlDocPtr

    init?(_ data: Data) {
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue)
        guard
            let parsed = data.withUnsafeBytes({ buffer -> htmlDocPtr? in
                htmlReadMemory(
                    buffer.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(buffer.count), "index.html", "UTF-8",
                    options)
            })
        else { return nil }
        document = parsed
    }

    deinit { xmlFreeDoc(document) }

    /// One element found by XPath: its text and attributes.
    struct Element {
        var text: String
        var attributes: [String: String]
        var parentAttributes: [String: String]
    }

    func elements(_ xpath: String) -> [Element] {
        guard let context = xmlXPathNewContext(document) else { return [] }
        defer { xmlXPathFreeContext(context) }
        guard let result = xmlXPathEvalExpression(xpath, context) else { return [] }
        defer { xmlXPathFreeObject(result) }
        guard let set = result.pointee.nodesetval, set.pointee.nodeNr > 0 else { return [] }
        return (0..<Int(set.pointee.nodeNr)).compactMap { index in
            guard let node = set.pointee.nodeTab[index] else { return nil }
            return Element(
                text: text(node), attributes: attributes(node),
                parentAttributes: node.pointee.parent.map(attributes) ?? [:])
        }
    }

    private func text(_ node: xmlNodePtr) -> String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { cxml_free(content) }
        return String(cString: content)
    }

    private func attributes(_ node: xmlNodePtr) -> [String: String] {
        var result: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = String(cString: current.pointee.name)
            if let value = xmlGetProp(node, current.pointee.name) {
                result[name] = String(cString: value)
                cxml_free(value)
            }
            attribute = current.pointee.next
        }
        return result
    }
}
