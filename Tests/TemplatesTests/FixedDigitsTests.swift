import Foundation
import Matrix
import Testing

@testable import Templates

/// The digits a number is written with come out as `String(format: "%.nf")` wrote them, without calling it.
@Suite struct FixedDigitsTests {
    static func formatted(_ magnitude: Double, _ digits: Int) -> String {
        let (integer, fraction) = NumberFormat.fixedDigits(magnitude, fractionDigits: digits)
        return integer + (fraction.map { "." + $0 } ?? "")
    }

    @Test func writesTheDigitsStringFormatWritesForRoundedValues() {
        var generator = SeededGenerator(seed: 17)  // SplitMix64, so a failure can be replayed
        for digits in 0...6 {
            let scale = pow(10, Double(digits))
            var values: [Double] = [0, -0.0, 0.5, 1.5, 2.5, 0.125, 2.675, 1.005, 999.9995, 1e14 + 0.5, 9.99e14]
            for _ in 0..<3000 {
                let exponent = Double(Int.random(in: -8...15, using: &generator))
                values.append(Double.random(in: 1..<10, using: &generator) * pow(10, exponent))
            }
            for value in values {
                // As NumberFormat.decimal rounds before it writes.
                let rounded = abs((value * scale).rounded() / scale)
                #expect(
                    Self.formatted(rounded, digits) == String(format: "%.\(digits)f", rounded), "\(value), \(digits)")
            }
        }
    }

    @Test func fallsBackToStringFormatForHugeOrUnroundedValues() {
        for (value, digits) in [(1e20, 0), (123456789012345.6, 3), (0.123456, 2), (2.0 / 3.0, 4), (1e300, 2)] {
            #expect(Self.formatted(value, digits) == String(format: "%.\(digits)f", value), "\(value), \(digits)")
        }
    }

    @Test func groupsAndSignsAsBefore() {
        #expect(NumberFormat(language: .fr).decimal(-1234567.891, fractionDigits: 2) == "−1\u{202F}234\u{202F}567,89")
        #expect(NumberFormat(language: .es).decimal(1234.5, fractionDigits: 1) == "1234,5")
        #expect(NumberFormat(language: .es).decimal(12345.5, fractionDigits: 0) == "12.346")
        #expect(NumberFormat(language: .en).decimal(-0.0004, fractionDigits: 3) == "0.000")
        #expect(NumberFormat(language: .ar).decimal(-2.5, fractionDigits: 0) == "\u{200E}−3")
    }
}
