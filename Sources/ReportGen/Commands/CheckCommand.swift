import ArgumentParser
import Foundation
import ReportGenCore

/// `reportgen check`: monitoring between packs, for cron or CI.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the month to date and the year to date against the alert thresholds of reportgen.yaml.",
        discussion: """
            Budget consumption against the pro-rata budget, intensity per file against the previous month, days
            without usage data, records mapped to no service, sources missing. Reads the inputs only: no Monte Carlo.
            Exit status: 0 when no threshold is crossed, 1 when an alert fires, 2 on error.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, prometheus }

    @Option(help: "The workspace folder.", completion: .directory) var workspace = "."
    @Option(help: "The month to check, YYYY-MM (default: the latest month with figures).") var period: String?
    @Option(help: "text, json, or prometheus (a node-exporter textfile).") var format: Format = .text
    @Flag(help: "Print no progress lines.") var quiet = false

    func run() throws {
        let report: MonitoringReport
        do {
            var month: YearMonth?
            if let period {
                guard let parsed = YearMonth(period), period.count == 7 else {
                    throw ValidationError("--period: expected YYYY-MM, found \(period)")
                }
                month = parsed
            }
            report = try MonitoringCheck.run(
                workspace: try Workspace.load(fileURL(workspace)), period: month, now: Date(),
                progress: StderrProgress(isQuiet: quiet))
        } catch let error as ValidationError {
            throw error
        } catch {
            // Monitoring tells an error (2) from an alert (1).
            FileHandle.standardError.write(Data("reportgen: error: check: \(error)\n".utf8))
            throw ExitCode(2)
        }
        print(try Self.render(report, format: format), terminator: "")
        if report.isAlerting { throw ExitCode(1) }
    }

    /// The report as text, JSON or a Prometheus textfile.
    static func render(_ report: MonitoringReport, format: Format) throws -> String {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
        case .prometheus:
            return prometheusText(report)
        case .text:
            var text = "reportgen check \(report.period): "
            text +=
                report.alerts.isEmpty
                ? "no alert\n" : "\(report.alerts.count) alert\(report.alerts.count == 1 ? "" : "s")\n"
            for alert in report.alerts { text += "ALERT \(alert.threshold): \(alert.message)\n" }
            for measure in report.measures {
                let labels = measure.labels.keys.sorted().filter { $0 != "period" }.map {
                    "\($0)=\(measure.labels[$0] ?? "")"
                }
                text +=
                    "  \(measure.name)\(labels.isEmpty ? "" : " " + labels.joined(separator: " ")) = "
                    + String(format: "%.6g", measure.value) + " \(measure.unit)\n"
            }
            return text
        }
    }

    /// The Prometheus text exposition format (0.0.4), one gauge per measure plus `reportgen_alerts` and
    /// `reportgen_alert{threshold=…}`, for node-exporter's textfile collector.
    static func prometheusText(_ report: MonitoringReport) -> String {
        func escaped(_ value: String) -> String {
            value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
        }
        func labels(_ pairs: [String: String]) -> String {
            pairs.isEmpty
                ? ""
                : "{" + pairs.keys.sorted().map { "\($0)=\"\(escaped(pairs[$0] ?? ""))\"" }.joined(separator: ",") + "}"
        }
        var text = ""
        var seen: Set<String> = []
        for measure in report.measures {
            let name = "reportgen_" + measure.name
            if seen.insert(name).inserted {
                text += "# HELP \(name) \(measure.help) (\(measure.unit))\n# TYPE \(name) gauge\n"
            }
            text += "\(name)\(labels(measure.labels)) \(String(format: "%.17g", measure.value))\n"
        }
        text += "# HELP reportgen_alerts Alerts firing\n# TYPE reportgen_alerts gauge\n"
        text += "reportgen_alerts{period=\"\(escaped(report.period))\"} \(report.alerts.count)\n"
        if !report.alerts.isEmpty {
            text += "# HELP reportgen_alert A threshold crossed (value: the measure)\n# TYPE reportgen_alert gauge\n"
            for alert in report.alerts {
                var pairs = ["threshold": alert.threshold, "period": alert.period]
                if let service = alert.service { pairs["service"] = service }
                text += "reportgen_alert\(labels(pairs)) \(String(format: "%.17g", alert.value))\n"
            }
        }
        return text
    }
}
