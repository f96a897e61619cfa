import Foundation
import Templates
import Testing

@testable import ReportGenCore

/// Rendering the languages side by side changes the time a pack takes, never its files.
@Suite struct PackRendererWorkersTests {
    @Test func rendersTheSameFilesInTheSameOrderWithOneWorkerOrSeveral() throws {
        let content = try SharedDemo.content()
        let renderer = PackRenderer(templates: try TemplateSet.builtIn(), toolVersion: "test", dialect: .rfc4180)
        let languages: [ReportLanguage] = [.fr, .en, .es, .ar]
        let alone = try renderer.files(for: content, languages: languages, workers: 1)
        #expect(alone.map(\.name).first == "index.html")
        #expect(alone.map(\.name).last == "manifest.json")
        for workers in [2, 3, 8] {
            let together = try renderer.files(for: content, languages: languages, workers: workers)
            #expect(together.map(\.name) == alone.map(\.name))
            #expect(together.map(\.data) == alone.map(\.data), "\(workers) workers")
        }
    }

    @Test func givesTheResultsInIndexOrderWhateverFinishesFirst() throws {
        let squares = try orderedConcurrentMap(count: 50, workers: 4) { index -> Int in
            // Early jobs take longer, so that later ones end first.
            if index < 4 { usleep(2_000) }
            return index * index
        }
        #expect(squares == (0..<50).map { $0 * $0 })
    }

    struct JobFailed: Error, Equatable { var index: Int }

    @Test func throwsTheErrorOfTheFirstFailedJobInIndexOrder() {
        #expect(throws: JobFailed(index: 3)) {
            _ = try orderedConcurrentMap(count: 10, workers: 3) { index -> Int in
                if index == 3 || index == 7 { throw JobFailed(index: index) }
                return index
            }
        }
    }
}
