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

    /// The whole file.
    package func contents() throws(IngestError) -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw .unreadable(file: name, reason: (error as NSError).localizedDescription)
        }
    }

    /// The first `count` bytes.
    package func head(_ count: Int = 65_536) throws(IngestError) -> [UInt8] {
        let handle = try open()
        defer { try? handle.close() }
        return [UInt8](handle.readData(ofLength: count))
    }

    /// A streaming CSV reader over the file.
    package func csvReader(delimiter: UInt8) throws(IngestError) -> CSVReader {
        CSVReader(fileName: name, handle: try open(), delimiter: delimiter)
    }
}

/// Settings the importers need from the workspace.
package struct ImportContext: Sendable {
    /// The workspace's time zone, for CodeCarbon's zone-less local timestamps and for assigning months.
    package var timeZone: TimeZone
    /// The host that wrote an nvidia-smi log, by the file's name (`measurements.nvidia_smi_hosts`); nvidia-smi does
    /// not record it.
    package var nvidiaSMIHost: @Sendable (_ fileName: String) -> String?

    package init(timeZone: TimeZone, nvidiaSMIHost: @escaping @Sendable (_ fileName: String) -> String? = { _ in nil })
    {
        self.timeZone = timeZone
        self.nvidiaSMIHost = nvidiaSMIHost
    }
}
