import Foundation

/// One file in a workspace's `inputs/` folder.
package struct InputFile: Sendable, Hashable {
    /// The path shown to users, relative to the workspace (`inputs/ccf.csv`).
    package var name: String
    package var url: URL

    package init(name: String, url: URL) {
        self.name = name
        self.url = url
    }

    /// Opens the file for streaming.
    package func open() throws(IngestError) -> FileHandle {
        do {
            return try FileHandle(forReadingFrom: url)
        } catch {
            throw .unreadable(file: name, reason: (error as NSError).localizedDescription)
        }
    }

    /// The largest JSON document read whole (JSON exports of a month are kilobytes to a few megabytes; the usage
    /// log, which can be gigabytes, is JSON Lines and streamed).
    package static let maximumJSONBytes = 64 << 20

    /// The whole file, UTF-16 (with a BOM) transcoded to UTF-8.
    package func contents() throws(IngestError) -> Data {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(file: name, reason: (error as NSError).localizedDescription)
        }
        return Self.transcodedFromUTF16(data) ?? data
    }

    /// The whole file for a JSON importer, refused past ``maximumJSONBytes`` before anything is read.
    /// - Throws: ``IngestError/tooLarge(file:what:found:limit:)``.
    package func jsonContents() throws(IngestError) -> Data {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        guard size <= Self.maximumJSONBytes else {
            throw .tooLarge(
                file: name, what: "the JSON document", found: "\(size.groupedDigits) bytes",
                limit: "\((Self.maximumJSONBytes >> 20)) MiB")
        }
        return try contents()
    }

    /// UTF-16 text with a byte-order mark, as UTF-8; `nil` when the data has no UTF-16 BOM (or does not decode).
    static func transcodedFromUTF16(_ data: Data) -> Data? {
        guard data.count >= 2 else { return nil }
        let bigEndian = data.starts(with: [0xFE, 0xFF])
        guard bigEndian || data.starts(with: [0xFF, 0xFE]) else { return nil }
        var units: [UInt16] = []
        units.reserveCapacity(data.count / 2)
        var index = data.startIndex + 2
        while index + 1 < data.endIndex {
            let (first, second) = (UInt16(data[index]), UInt16(data[index + 1]))
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        var output: [UInt8] = []
        output.reserveCapacity(units.count)
        var decoder = UTF16()
        var iterator = units.makeIterator()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): output.append(contentsOf: Array(String(scalar).utf8))
            case .emptyInput: break loop
            case .error: return nil
            }
        }
        return Data(output)
    }

    /// The first `count` bytes.
    package func head(_ count: Int = 65_536) throws(IngestError) -> [UInt8] {
        let handle = try open()
        defer { try? handle.close() }
        let head = handle.readData(ofLength: count)
        if head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE]) {
            return [UInt8](try jsonContents().prefix(count))
        }
        return [UInt8](head)
    }

    /// A streaming CSV reader over the file (UTF-16 files, which spreadsheets write as "Unicode text", are
    /// transcoded whole first, up to ``maximumJSONBytes``).
    package func csvReader(delimiter: UInt8) throws(IngestError) -> CSVReader {
        let handle = try open()
        let start = handle.readData(ofLength: 2)
        if start.starts(with: [0xFE, 0xFF]) || start.starts(with: [0xFF, 0xFE]) {
            try? handle.close()
            return CSVReader(fileName: name, bytes: [UInt8](try jsonContents()), delimiter: delimiter)
        }
        try? handle.seek(toOffset: 0)
        return CSVReader(fileName: name, handle: handle, delimiter: delimiter)
    }
}

/// Settings the importers need from the workspace.
package struct ImportContext: Sendable {
    /// The workspace's time zone, for CodeCarbon's zone-less local timestamps and for assigning months.
    package var timeZone: TimeZone
    /// The host that wrote an nvidia-smi log, by the file's name (`measurements.nvidia_smi_hosts`); nvidia-smi does
    /// not record it.
    package var nvidiaSMIHost: @Sendable (_ fileName: String) -> String?
    /// The usage-log lines already read in this ingestion, so that a request in two files counts once; `nil` outside
    /// an ingestion (each usage log is then read on its own).
    package var usageIdentities: UsageLineIdentities?
    /// The runs CodeCarbon files may keep for the rules across files, shared by one ingestion's files; each file has
    /// its own when `nil`.
    package var codeCarbonRunBudget: CodeCarbonRunBudget?
    /// Whether a CodeCarbon importer sums its file's runs into ``ImportResult/records``: `false` in an ingestion,
    /// which sums every file's runs once, after the rules across files, so that no file is summed twice.
    package var sumsCodeCarbonRuns = true
    /// Whether the usage-log lines read are remembered in ``usageIdentities`` for a later file to be checked against:
    /// `false` for the last file of an ingestion that can be a usage log (no later file reads them), so that its
    /// lines cost the identity set neither memory nor time, and outside an ingestion.
    package var remembersUsageIdentities = false
    /// Whether an importer that reads its file once from start to end (the usage log's JSON Lines, CodeCarbon's
    /// byte reader) also takes the
    /// file's SHA-256 on the way, into ``ImportResult/digest``, so that an ingestion reads the file once.
    package var digestsWhileReading = false

    package init(timeZone: TimeZone, nvidiaSMIHost: @escaping @Sendable (_ fileName: String) -> String? = { _ in nil })
    {
        self.timeZone = timeZone
        self.nvidiaSMIHost = nvidiaSMIHost
    }
}
