import Testing

@testable import ReportGenCore

@Suite struct RecommendationNotesTests {
    /// A service recommendation carries the notes of the levers its option uses, never those of a lever it does not:
    /// the demo declares service hours (so the work a schedule would lose is known) but its plan scales to zero, and a
    /// card saying "that work is lost" under "forgoes no file" contradicted itself.
    @Test func aServiceRecommendationCarriesOnlyTheNotesOfItsOwnLevers() throws {
        let decisions = try SharedDemo.content().decisions
        #expect(!decisions.serviceRecommendations.isEmpty)
        for recommendation in decisions.serviceRecommendations {
            for reason in recommendation.reasons {
                guard let lever = PlanRecommendations.noteLevers[reason.key] else { continue }
                #expect(recommendation.option.levers.contains(lever), "\(recommendation.service): \(reason.key)")
            }
        }
        // The scale-to-zero options keep their cold-start note.
        #expect(
            decisions.serviceRecommendations.allSatisfy { r in
                !r.option.levers.contains(.scaleToZero) || r.reasons.contains { $0.key == "lever_note_cold_start" }
            })
    }
}
