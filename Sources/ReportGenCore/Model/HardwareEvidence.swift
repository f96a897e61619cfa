import Foundation

/// Checks the hardware each service declares against what the inputs say about it: the GPU CodeCarbon saw on the
/// service's runs and the instance type CCF's recommendations name for its resources. A contradiction is a warning:
/// the model's factors follow the declaration.
package enum HardwareEvidence {
    /// Warnings where the evidence names other hardware than `hardware.vm` declares.
    package static func check(
        services: [ServiceConfig], mapping: ServiceMapping, records: [EmissionRecord],
        recommendations: [CloudRecommendation]
    ) -> [Diagnostic] {
        var diagnostics: Set<Diagnostic> = []
        for service in services {
            let gpu = EnergyCalibration.deviceMaximumKey(vm: service.hardware.vm)?.name.lowercased()
            for record in records
            where record.source == .codeCarbon && record.isCounted && record.service == service.id {
                guard let model = record.identifiers.display["gpu_model"], !model.isEmpty else { continue }
                if service.hardware.device == "gpu", let gpu, !model.lowercased().contains(gpu) {
                    var warning = Diagnostic.warning(
                        record.provenance.file,
                        "\(service.id): hardware.vm \(service.hardware.vm) declares a \(gpu.uppercased()), but CodeCarbon ran on \(model)"
                    )
                    warning.code = "hardware_codecarbon"
                    warning.parameters = [
                        "service": service.id, "vm": service.hardware.vm, "gpu": gpu.uppercased(), "model": model,
                    ]
                    diagnostics.insert(warning)
                }
            }
        }
        for recommendation in recommendations {
            var facts = RecordFacts(usageService: "", endpoint: "")
            facts.usageService = nil
            facts.endpoint = nil
            facts.resourceId = recommendation.resourceId
            facts.region = recommendation.region.isEmpty ? nil : normalisedRegion(recommendation.region)
            guard case .service(let id) = mapping.target(for: facts),
                let service = services.first(where: { $0.id == id }),
                let named = instanceType(in: recommendation.detail)
            else { continue }
            let compact = named.lowercased().replacingOccurrences(of: " ", with: "_")
            if !service.hardware.vm.contains(compact) && !compact.contains(service.hardware.vm) {
                let resource =
                    recommendation.resourceId.split(separator: "/").last.map(String.init) ?? recommendation.resourceId
                var warning = Diagnostic.warning(
                    recommendation.provenance.file,
                    "\(service.id): hardware.vm \(service.hardware.vm) is declared, but CCF's recommendation for \(resource) names the instance type \(named) (\(recommendation.detail))"
                )
                warning.code = "hardware_ccf"
                warning.parameters = [
                    "service": service.id, "vm": service.hardware.vm, "resource": resource, "named": named,
                    "detail": recommendation.detail,
                ]
                diagnostics.insert(warning)
            }
        }
        return diagnostics.sorted { $0.description < $1.description }
    }

    /// `D8s v3` in CCF's "Update instance type D8s v3 to D4s v3".
    static func instanceType(in detail: String) -> String? {
        guard let start = detail.range(of: "instance type ")?.upperBound else { return nil }
        let rest = detail[start...]
        let end = rest.range(of: " to ")?.lowerBound ?? rest.endIndex
        let named = rest[..<end].trimmingCharacters(in: .whitespaces)
        return named.isEmpty ? nil : named
    }
}
