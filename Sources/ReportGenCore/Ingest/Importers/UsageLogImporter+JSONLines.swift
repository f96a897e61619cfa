import Foundation

extension UsageLogImporter {
    /// Reads JSON lines one at a time into an accumulator: a struct with mutating methods, so that the hot loop pays
    /// no dynamic exclusivity checks on captured variables.
    package struct JSONLinesReader {
        var accumulator: Accumulator
        var line = 0

        mutating func process(_ bytes: UnsafeRawBufferPointer) {
            line += 1
            guard bytes.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { return }
            let parsed = UsageLineFields.parse(bytes)
            if let duplicate = parsed?.duplicateKey {
                accumulator.reject(
                    line: line, column: nil, "the key \"\(duplicate)\" appears twice; expected each key once")
            } else if let fields = parsed, let status = fields.status {
                accumulator.add(
                    Request(
                        timestamp: fields.timestamp ?? "", service: fields.service ?? "",
                        endpoint: fields.endpoint ?? "",
                        language: fields.language ?? "", status: status, values: fields.numbers), line: line)
            } else {
                processSlow(Data(bytes))
            }
        }
        mutating func processSlow(_ bytes: Data) {
            guard let object = (try? JSONSerialization.jsonObject(with: bytes)) as? [String: Any] else {
                accumulator.reject(
                    line: line, column: nil,
                    "expected a JSON object on one line, found \"\(escapedExcerpt(bytes))\""
                )
                return
            }
            func text(_ key: String) -> String? {
                if let value = object[key] as? String { return value }
                if let value = object[key] as? NSNumber { return value.stringValue }
                return nil
            }
            var numbers: [String: Double] = [:]
            for key in numericFields {
                guard let raw = object[key], !(raw is NSNull) else { continue }
                guard let number = raw as? NSNumber, !isJSONBoolean(raw) else {
                    accumulator.reject(
                        line: line, column: nil, "\(key): expected a number, found \(escapedExcerpt("\(raw)"))")
                    return
                }
                numbers[key] = number.doubleValue
            }
            guard let status = (object["status"] as? NSNumber)?.doubleValue ?? text("status").flatMap(Double.init)
            else {
                accumulator.reject(
                    line: line, column: nil,
                    "status: expected an HTTP status code, found \(object["status"].map { escapedExcerpt("\($0)") } ?? "nothing")"
                )
                return
            }
            accumulator.add(
                Request(
                    timestamp: text("timestamp") ?? "", service: text("service") ?? "",
                    endpoint: text("endpoint") ?? "",
                    language: text("language") ?? "", status: status, numbers: numbers), line: line)
        }
    }
}
