/// A language the report is written in.
///
/// Each language fixes the number symbols, the month names, the plural rules and the writing direction that
/// ``NumberFormat``, ``PluralCategory`` and ``Typography`` apply; its words come from `templates/i18n/<code>.json`.
public enum ReportLanguage: String, Sendable, Hashable, Codable, CaseIterable {
    /// French (France): the pack's first readers.
    case fr
    /// English.
    case en
    /// Spanish (Spain).
    case es
    /// Arabic, written right to left, with Western digits (see ``NumberFormat``).
    case ar

    /// Whether the language is written right to left.
    public var isRightToLeft: Bool { self == .ar }

    /// The HTML `dir` attribute value: `rtl` or `ltr`.
    public var direction: String { isRightToLeft ? "rtl" : "ltr" }
}
