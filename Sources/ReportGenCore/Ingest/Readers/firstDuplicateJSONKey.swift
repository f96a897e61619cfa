/// The first key that an object of a JSON document gives twice, and the 1-based line it is on, or `nil`.
///
/// `JSONSerialization` keeps one of the two silently; an Azure export with two `"value"` members would lose a page
/// without a word, so ReportGen reads JSON strictly (RFC 8259 says names SHOULD be unique). One pass over the bytes,
/// keeping the keys of each open object; keys are compared as written (escapes not decoded).
/// - Complexity: O(n) in the document's bytes; memory O(keys of the open objects).
func firstDuplicateJSONKey(in bytes: [UInt8]) -> (key: String, line: Int)? {
    var stack: [Set<[UInt8]>?] = []
    var expectingKey = false
    var line = 1
    var index = 0
    let count = bytes.count
    while index < count {
        let byte = bytes[index]
        switch byte {
        case 0x0A:
            line += 1
        case 0x7B:
            stack.append([])
            expectingKey = true
        case 0x5B:
            stack.append(nil)
            expectingKey = false
        case 0x7D, 0x5D:
            _ = stack.popLast()
            expectingKey = false
        case 0x2C:
            expectingKey = stack.last.map { $0 != nil } ?? false
        case 0x3A:
            expectingKey = false
        case 0x22:
            let start = index + 1
            index += 1
            while index < count, bytes[index] != 0x22 {
                if bytes[index] == 0x5C { index += 1 }
                index += 1
            }
            if expectingKey, let last = stack.indices.last, var keys = stack[last] {
                let key = Array(bytes[start..<min(index, count)])
                if !keys.insert(key).inserted { return (escapedExcerpt(key, limit: 60), line) }
                stack[last] = keys
                expectingKey = false
            }
        default:
            break
        }
        index += 1
    }
    return nil
}
