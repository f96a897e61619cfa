import Foundation
import Testing

@testable import ReportGenCore

/// Two jobs at once give what the two in a row gave: both results, or the error the first to run would throw.
@Suite struct BothAtOnceTests {
    struct Failed: Error, Equatable { var job: String }

    @Test(arguments: [1, 2])
    func givesBothResults(workers: Int) throws {
        let (number, text) = try bothAtOnce(workers: workers, { 6 * 7 }, { "templates" })
        #expect(number == 42 && text == "templates")
    }

    @Test(arguments: [1, 2])
    func throwsTheFirstJobsErrorBeforeTheSeconds(workers: Int) {
        #expect(throws: Failed(job: "pipeline")) {
            _ = try bothAtOnce(
                workers: workers, { () throws -> Int in throw Failed(job: "pipeline") },
                { () throws -> Int in throw Failed(job: "templates") })
        }
        #expect(throws: Failed(job: "templates")) {
            _ = try bothAtOnce(workers: workers, { 1 }, { () throws -> Int in throw Failed(job: "templates") })
        }
    }
}
