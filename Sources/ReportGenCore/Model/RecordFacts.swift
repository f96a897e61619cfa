/// What the mapping rules can test about a record, whatever its source.
package struct RecordFacts: Sendable {
    package var subscription: String?
    package var resourceGroup: String?
    package var resourceId: String?
    package var resourceType: String?
    package var cloudService: String?
    package var region: String?
    package var tags: [String: String] = [:]
    package var project: String?
    package var experiment: String?
    package var usageService: String?
    package var endpoint: String?

    /// The facts of an emission record, from its source's identifiers.
    package init(_ record: EmissionRecord) {
        let ids = record.identifiers
        subscription = ids.subscription
        resourceGroup = ids.resourceGroup
        resourceId = ids.resourceId
        resourceType = ids.resourceType
        cloudService = ids.serviceName
        region = ids.region.map(normalisedRegion)
        project = ids.project ?? ids.taskName
        experiment = ids.experiment
        tags = ids.tags
    }

    /// The facts of usage activity.
    package init(usageService: String, endpoint: String) {
        self.usageService = usageService
        self.endpoint = endpoint
    }
}

extension MatchClause {
    /// Whether every non-empty list of the clause matches the record.
    package func matches(_ facts: RecordFacts) -> Bool {
        // A GPU clause (hosts, gpu_uuids, pods) is for measured series; records have none of those identifiers.
        guard !matchesGPUs else { return false }
        func test(_ patterns: [String], _ value: String?) -> Bool {
            guard !patterns.isEmpty else { return true }
            guard let value else { return false }
            return patterns.contains { globMatches($0, value) }
        }
        guard test(subscriptions, facts.subscription), test(resourceGroups, facts.resourceGroup),
            test(resourceIds, facts.resourceId), test(resourceTypes, facts.resourceType),
            test(cloudServices, facts.cloudService), test(regions.map(normalisedRegion), facts.region),
            test(codecarbonProjects, facts.project), test(codecarbonExperiments, facts.experiment),
            test(usageServices, facts.usageService), test(endpoints, facts.endpoint)
        else { return false }
        return tags.allSatisfy { key, pattern in facts.tags[key].map { globMatches(pattern, $0) } ?? false }
    }
}

extension MatchRules {
    package func matches(_ facts: RecordFacts) -> Bool { clauses.contains { $0.matches(facts) } }
}
