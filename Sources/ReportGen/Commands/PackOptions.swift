import ArgumentParser
import Foundation
import ReportGenCore
import Templates

extension ReportLanguage: ExpressibleByArgument {}

extension CSVDialect: ExpressibleByArgument {}

/// The options `build` and `demo` share.
struct PackOptions: ParsableArguments {
    @Option(help: "The report's main language: fr, en, es or ar (default: the first of report_languages).")
    var lang: ReportLanguage?

    @Option(
        help: "The CSV dialect: rfc4180 or excel-fr (';', decimal commas, BOM) (default: csv_dialect, else rfc4180).")
    var csvDialect: CSVDialect?

    @Option(help: "A folder of templates that replace the built-in ones file by file.", completion: .directory)
    var templates: String?

    @Flag(help: "Print no progress lines.")
    var quiet = false
}

/// Writes a message to stderr (for the commands that still catch their own errors; ``ReportGenCommand/main()``
/// prints the others).
func printError(_ message: String) {
    FileHandle.standardError.write(Data("reportgen: error: \(message)\n".utf8))
}

/// An absolute file URL from a command-line path.
func fileURL(_ path: String) -> URL {
    URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        .standardizedFileURL
}
