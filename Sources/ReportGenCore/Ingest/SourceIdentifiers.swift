/// What a source says about the thing a figure belongs to: typed identifiers that precedence, dating, mapping and
/// reconciliation test, and a display dictionary for everything else the export carried.
///
/// Numbers travel as numbers (seconds, PUE, instants as seconds since 1970 UTC), never as text.
package struct SourceIdentifiers: Sendable, Hashable, Codable {
    /// What one record stands for in its export, so that a summary is never added to its own items.
    package enum Granularity: String, Sendable, Hashable, Codable {
        /// One Azure resource (ItemDetails, the portal CSV's resource rows).
        case item
        /// A month's total (Azure MonthlySummary).
        case summary
        /// One of an Azure TopItems report's items, or its "Others" remainder.
        case topItems = "top-items"
        /// A total without a month (Azure OverallSummary, TopItemsSummary).
        case overall
        /// One service, region and scope of one month (Emissions Impact Dashboard).
        case service
        /// One CodeCarbon run (a run-level `emissions.csv` row).
        case run
        /// One task of a CodeCarbon run (a per-task file's row).
        case task
    }

    /// Azure subscription id, or the CCF account id.
    package var subscription: String?
    package var resourceId: String?
    package var resourceGroup: String?
    package var resourceType: String?
    /// The region as the source spells it (`westeurope`, `UK South`, `île-de-france`).
    package var region: String?
    /// The provider's service name (CCF `serviceName`, the EID's `azureServiceName`).
    package var serviceName: String?
    /// Azure's `itemName` (a TopItems row, and the "Others" remainder).
    package var itemName: String?
    /// Azure's `dataType` (`ItemDetailsData`, `MonthlySummaryData`…).
    package var dataType: String?
    /// CodeCarbon `project_name`.
    package var project: String?
    /// CodeCarbon `experiment_id`.
    package var experiment: String?
    /// CodeCarbon `run_id`; `nil` when absent, empty or the literal `None`.
    package var runId: String?
    /// CodeCarbon `task_name` in per-task files.
    package var taskName: String?
    package var granularity: Granularity?
    /// A CodeCarbon run's duration, seconds.
    package var durationSeconds: Double?
    /// The PUE CodeCarbon applied (`pue` column).
    package var pue: Double?
    /// When the row was written, seconds since 1970-01-01 UTC (CodeCarbon's `timestamp` read in the workspace zone).
    package var timestampSeconds: Double?
    /// The runs a CodeCarbon record sums (one record per month, project, experiment, task, region, PUE and hardware
    /// of a file).
    package var codeCarbonRuns: CodeCarbonRunSummary?
    /// Azure's `previousMonthEmissions`, kgCO2e.
    package var previousMonthKgCO2e: Double?
    /// Whether the record comes from one page of a longer Azure result (the file carries a `skipToken` or `nextLink`).
    package var isFromPartialPage = false
    /// Resource tags (CCF `tags`).
    package var tags: [String: String] = [:]
    /// Everything else the export said, for the pack's provenance (cost, version, CPU model…).
    package var display: [String: String] = [:]

    package init() {}

    /// When a CodeCarbon run started, seconds since 1970 UTC: the instant written minus the duration. A run flushed
    /// several times keeps this within a second or two; a new run with the same `run_id` does not.
    package var startSeconds: Double? {
        guard let timestampSeconds, let durationSeconds else { return nil }
        return timestampSeconds - durationSeconds
    }
}
