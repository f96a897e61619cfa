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

    @Flag(
        help: """
            Fail, writing no pack, when the inputs have an error (a file refused, an overlap of two sources), as CI \
            should. Without it the pack is built without what cannot be trusted and lists it in its data quality.
            """)
    var strict = false
}

/// Says on stderr what a build left out, so that a zero exit status with refused files is never silent.
func printLeftOut(_ command: String, _ outcome: BuildOutcome) {
    for refusal in outcome.refused {
        printWarning(command, "\(refusal.location): refused, not in the pack: \(refusal.message)")
    }
    let others = outcome.errorCount - outcome.refused.filter { $0.severity == .error }.count
    if others > 0 {
        printWarning(
            command,
            "\(others) more error\(others == 1 ? "" : "s") in the inputs, listed in the pack's data quality (--strict makes them fatal)"
        )
    }
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
