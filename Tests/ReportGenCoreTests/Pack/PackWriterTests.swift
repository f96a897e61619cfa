import Foundation
import Testing

@testable import ReportGenCore

@Suite struct PackWriterTests {
    @Test func replacesAPreviousPackWhole() throws {
        let parent = try temporaryDirectory()
        let destination = parent.appendingPathComponent("2025-03")
        try PackWriter.write(
            [PackFile(name: "a.txt", data: Data("old".utf8)), PackFile(name: "old.txt", data: Data())], to: destination)
        try PackWriter.write([PackFile(name: "a.txt", data: Data("new".utf8))], to: destination)
        #expect(try FileManager.default.contentsOfDirectory(atPath: destination.path) == ["a.txt"])
        #expect(try String(contentsOf: destination.appendingPathComponent("a.txt"), encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["2025-03"])
    }

    @Test func aFailedWriteKeepsThePreviousPackAndLeavesNoTemporaryFolder() throws {
        let parent = try temporaryDirectory()
        let destination = parent.appendingPathComponent("2025-03")
        try PackWriter.write([PackFile(name: "a.txt", data: Data("old".utf8))], to: destination)
        // A file name that cannot be created (a folder and a file of the same path) makes the write fail midway.
        #expect(throws: PackWriter.Failure.self) {
            try PackWriter.write(
                [PackFile(name: "x", data: Data()), PackFile(name: "x/y", data: Data())], to: destination)
        }
        #expect(try String(contentsOf: destination.appendingPathComponent("a.txt"), encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["2025-03"])
    }
}

@Suite struct CSVWriterTests {
    @Test func quotesDelimitersAndNeutralisesFormulas() {
        let writer = CSVWriter(dialect: .rfc4180)
        #expect(
            writer.line([.text("a,b"), .text("say \"hi\""), .text("=SUM(A1)"), .number(-1.5), .text("@x")])
                == "\"a,b\",\"say \"\"hi\"\"\",'=SUM(A1),-1.5,'@x\r\n")
    }

    @Test func onlyTextCellsAreNeutralisedAndTabAndCarriageReturnAreTriggers() {
        let writer = CSVWriter(dialect: .rfc4180)
        // OWASP "CSV Injection": = + - @ tab and carriage return start a formula in some spreadsheet.
        #expect(writer.field(.text("\tcmd")) == "'\tcmd")
        #expect(writer.field(.text("\r=1")) == "\"'\r=1\"")
        #expect(writer.field(.text("-2+3")) == "'-2+3")
        // A number is never prefixed, however negative.
        #expect(writer.field(.number(-0.25)) == "-0.25")
        #expect(writer.field(.fixed(-0.25, fractionDigits: 4)) == "-0.2500")
        #expect(writer.field(.fixed(.nan, fractionDigits: 4)) == "")
        #expect(CSVWriter(dialect: .excelFR).field(.fixed(-1.5, fractionDigits: 2)) == "-1,50")
    }

    @Test func excelFrenchUsesSemicolonsDecimalCommasAndABOM() {
        let writer = CSVWriter(dialect: .excelFR)
        let text = writer.file(header: ["a", "b"], rows: [[.number(1234.5), .text("x;y")]])
        #expect(text == "\u{FEFF}a;b\r\n1234,5;\"x;y\"\r\n")
    }
}
