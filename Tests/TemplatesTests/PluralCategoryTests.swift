import Testing

@testable import Templates

@Suite struct PluralCategoryTests {
    // CLDR plurals.xml, cardinal rules: en one = i=1; fr one = i=0,1, many = multiples of 10^6; es one = n=1;
    // ar zero, one, two, few (n%100 = 3..10), many (n%100 = 11..99), other.
    @Test(arguments: [
        (0, ReportLanguage.en, PluralCategory.other), (1, .en, .one), (2, .en, .other),
        (0, .fr, .one), (1, .fr, .one), (2, .fr, .other), (1_000_000, .fr, .many),
        (0, .es, .other), (1, .es, .one), (6, .es, .other), (2_000_000, .es, .many),
        (0, .ar, .zero), (1, .ar, .one), (2, .ar, .two), (3, .ar, .few), (10, .ar, .few), (11, .ar, .many),
        (99, .ar, .many), (100, .ar, .other), (102, .ar, .other), (103, .ar, .few), (111, .ar, .many),
    ])
    func countsTakeTheirCLDRCategory(count: Int, language: ReportLanguage, expected: PluralCategory) {
        #expect(PluralCategory.of(count, in: language) == expected)
    }
}
