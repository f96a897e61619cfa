import Foundation
import Matrix
import Testing

@testable import ReportGenCore

/// The pack's CSV numbers read back as the very `Double`s the pack summed (issue 17: values below 1e-4 kg were cut
/// to 12 decimals, so sums of tiny runs drifted).
@Suite struct CSVNumberTests {
    @Test func everyNumberReadsBackExactlyAndHasNoExponent() {
        var generator = SeededGenerator(seed: 2025)
        var values: [Double] = [2.060929207e-06, 4.615353840742692e-07, 1e-20, 1.5e20, -3.25e-9, 0.1, 123.456]
        for _ in 0..<2000 {
            let exponent = Double(Int.random(in: -24...20, using: &generator))
            values.append(Double.random(in: 1..<10, using: &generator) * pow(10, exponent))
        }
        for value in values {
            let text = CSVWriter.number(value)
            #expect(Double(text) == value, "\(value) → \(text)")
            #expect(!text.contains("e") && !text.contains("E"), "\(value) → \(text)")
        }
        // Re-summing the written column gives the pack's total bit for bit.
        let written = values.map { Double(CSVWriter.number($0)) ?? .nan }
        #expect(written.reduce(0, +) == values.reduce(0, +))
    }

    @Test func tinyCodeCarbonRunsKeepTheirDigits() {
        // cc34's first run: 4.615353840742692e-07 kg, written in full.
        #expect(CSVWriter.number(4.615353840742692e-07) == "0.0000004615353840742692")
        #expect(CSVWriter.number(1.5e20) == "150000000000000000000")
        #expect(CSVWriter.number(-2.5e-3) == "-0.0025")
    }
}
