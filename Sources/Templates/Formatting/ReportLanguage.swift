/// A language the report is written in.
public enum ReportLanguage: String, Sendable, Hashable, Codable, CaseIterable {
    case fr
    case en
}
