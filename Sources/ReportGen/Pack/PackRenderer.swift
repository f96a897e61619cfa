import Foundation
import Templates

/// Turns ``PackContent`` into the pack's files: `index.html` in the main language, `index.<lang>.html` for each other
/// report language, and the CSV files.
struct PackRenderer {
    let templates: TemplateSet
    let toolVersion: String
    let dialect: CSVDialect

    func files(for content: PackContent, languages: [ReportLanguage]) throws(TemplateError) -> [PackFile] {
        var files: [PackFile] = []
        for (index, language) in languages.enumerated() {
            let view = PackView(
                content: content, language: language, strings: templates.strings(for: language), toolVersion: toolVersion)
            let html = try templates.render("report", view: view.dictionary())
            files.append(PackFile(name: index == 0 ? "index.html" : "index.\(language.rawValue).html", data: Data(html.utf8)))
        }
        let writer = CSVWriter(dialect: dialect)
        files.append(PackFile(name: "matrix.csv", data: Data(content.matrixCSV(writer).utf8)))
        files.append(PackFile(name: "emissions.csv", data: Data(content.emissionsCSV(writer).utf8)))
        let english = PackView(content: content, language: .en, strings: templates.strings(for: .en), toolVersion: toolVersion)
        files.append(PackFile(name: "recommendations.csv", data: Data(content.recommendationsCSV(writer, reasonText: english.reasonText).utf8)))
        files.append(PackFile(name: "reconciliation.csv", data: Data(content.reconciliationCSV(writer).utf8)))
        files.append(PackFile(name: "forecast.csv", data: Data(content.forecastCSV(writer).utf8)))
        files.append(PackFile(name: "factors.csv", data: Data(content.factorsCSV(writer).utf8)))
        return files
    }
}
