import Foundation
import Testing

@testable import ReportGenCore

/// The `reportgen init` template (`data/init/`) is a start a user fills in with their own data: it invents no volume
/// and maps every service's CodeCarbon projects, so that their measurements are never unallocated by omission.
@Suite struct InitTemplateTests {
    static func template() throws -> WorkspaceConfig {
        let root = try temporaryDirectory()
        _ = try NewWorkspace.create(at: root)
        return try Workspace.load(root).config
    }

    @Test func theTemplateGivesNoVolume() throws {
        let config = try Self.template()
        #expect(config.workload.filesPerMonth.isEmpty, "\(config.workload.filesPerMonth)")
    }

    @Test func everyServiceOfTheTemplateMapsItsCodeCarbonProjects() throws {
        let config = try Self.template()
        #expect(!config.services.isEmpty)
        for service in config.services {
            #expect(
                service.match.clauses.contains { !$0.codecarbonProjects.isEmpty },
                "\(service.id) has no codecarbon_projects rule")
            // The rule matches the project names the template's comment suggests (`<service>-…`).
            #expect(service.match.matches(RecordFacts(codeCarbonProject: "\(service.id)-benchmark")), "\(service.id)")
        }
    }
}

extension RecordFacts {
    /// The facts of a CodeCarbon run of `project` and nothing else.
    init(codeCarbonProject project: String) {
        self.init(usageService: "", endpoint: "")
        usageService = nil
        endpoint = nil
        self.project = project
    }
}
