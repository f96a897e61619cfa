/// How a service's work turns into energy: which reference factors apply to its model, device, VM and region.
package struct ServiceModelSpec: Sendable {
    /// The kind of work a model does, with the factor giving its energy per unit (GPU or CPU only, before
    /// server overhead and PUE).
    package enum Work: Sendable {
        /// kWh per audio hour (Whisper).
        case audio(kWhPerAudioHour: String)
        /// Wh per output token (NLLB).
        case translation(whPerOutputToken: String)
        /// Wh per output and per input token (Mistral 7B).
        case generation(whPerOutputToken: String, whPerInputToken: String?)
    }

    package let service: ServiceConfig
    package let work: Work
    package let pueKey: String
    package let gridKey: String
    /// `nil` on CPU, where the factor already covers the server.
    package let overheadKey: String?
    package let idleKey: String
    package let busyKey: String
    package let embodiedKey: String

    /// The work factors: energy per unit of work on the device.
    package var workKeys: [String] {
        switch work {
        case .audio(let key): return [key]
        case .translation(let key): return [key]
        case .generation(let output, let input): return [output] + (input.map { [$0] } ?? [])
        }
    }

    /// Every factor key the service uses directly.
    package var keys: [String] {
        var keys = [pueKey, gridKey, idleKey, busyKey, embodiedKey]
        if let overheadKey { keys.append(overheadKey) }
        switch work {
        case .audio(let key): keys.append(key)
        case .translation(let key): keys.append(key)
        case .generation(let output, let input): keys += [output] + (input.map { [$0] } ?? [])
        }
        return keys
    }

    /// Resolves the factor keys of a service.
    /// - Throws: ``ModelError/missingFactor(key:neededFor:)`` naming the key to add.
    package static func make(for service: ServiceConfig, factors: ReferenceFactors) throws -> ServiceModelSpec {
        let model = service.model.lowercased()
        let device = service.hardware.device
        let purpose = "service \(service.id) (\(service.model) on \(device))"
        func find(_ suffix: String) throws -> String {
            let candidates = factors.factors.keys.filter { key in
                key.hasPrefix(model + ".") && key.hasSuffix(suffix)
                    && key.dropFirst(model.count + 1).split(separator: ".").contains {
                        $0 == device || $0.hasPrefix(device + "-")
                    }
            }
            // The most general factor (gpu rather than gpu-t4) has the shortest key.
            guard let key = candidates.min(by: { ($0.count, $0) < ($1.count, $1) }) else {
                throw ModelError.missingFactor(key: "\(model).\(device).…\(suffix)", neededFor: purpose)
            }
            return key
        }
        let work: Work
        if model.hasPrefix("whisper") {
            work = .audio(kWhPerAudioHour: try find("kwh_per_audio_hour"))
        } else if model.hasPrefix("nllb") {
            work = .translation(whPerOutputToken: try find("wh_per_output_token"))
        } else {
            let input = try? find("wh_per_input_token")
            work = .generation(whPerOutputToken: try find("wh_per_output_token"), whPerInputToken: input)
        }
        let region = normalisedRegion(service.region)
        let pue = factors.factors["azure.pue.\(region)"] != nil ? "azure.pue.\(region)" : "azure.pue"
        let vm = service.hardware.vm
        let spec = ServiceModelSpec(
            service: service, work: work, pueKey: pue, gridKey: "grid.\(region).gco2e_per_kwh",
            overheadKey: device == "gpu" ? "server.overhead_multiplier_on_gpu_energy" : nil,
            idleKey: "vm.\(vm).idle_w", busyKey: "vm.\(vm).busy_w", embodiedKey: "vm.\(vm).embodied_g_per_hour")
        for key in spec.keys { _ = try factors.require(key, for: purpose) }
        return spec
    }
}
