/// A CLDR plural category: which form of a word a count takes in a language.
///
/// Rules from CLDR's `plurals.xml` for integer counts (the report only counts whole things):
/// - English: `one` for 1, else `other`.
/// - French: `one` for 0 and 1; `many` for a non-zero multiple of 1,000,000; else `other`.
/// - Spanish: `one` for 1; `many` for a non-zero multiple of 1,000,000; else `other`.
/// - Arabic: `zero` for 0, `one` for 1, `two` for 2, `few` when n % 100 is 3…10, `many` when n % 100 is 11…99,
///   else `other` (100, 101, 102…).
public enum PluralCategory: String, Sendable, Hashable, CaseIterable {
    case zero, one, two, few, many, other

    /// The category of a count in a language.
    /// - Parameters:
    ///   - count: a whole number; its absolute value is used.
    ///   - language: the report language.
    public static func of(_ count: Int, in language: ReportLanguage) -> PluralCategory {
        let n = count.magnitude
        switch language {
        case .en:
            return n == 1 ? .one : .other
        case .fr:
            if n <= 1 { return .one }
            return n % 1_000_000 == 0 ? .many : .other
        case .es:
            if n == 1 { return .one }
            return n != 0 && n % 1_000_000 == 0 ? .many : .other
        case .ar:
            switch n {
            case 0: return .zero
            case 1: return .one
            case 2: return .two
            default:
                switch n % 100 {
                case 3...10: return .few
                case 11...99: return .many
                default: return .other
                }
            }
        }
    }
}
