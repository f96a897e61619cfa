import Foundation
import Matrix

/// Generates the benchmark's inputs: a usage log of about `megabytes` MB of JSON Lines and a CodeCarbon file of
/// `codeCarbonRows` rows, deterministic from a seed, written in 4 MiB blocks so generation itself stays flat.
enum BenchmarkData {
    static let services = [
        ("transcription", "/v1/transcribe"), ("translation", "/v1/translate"), ("generation", "/v1/generate"),
    ]
    static let languages = ["fr", "en", "es", "ar"]

    static func writeUsageLog(to url: URL, megabytes: Int, seed: UInt64 = 7) throws -> Int {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var generator = SeededGenerator(seed: seed)
        var buffer = ""
        buffer.reserveCapacity(4 << 20)
        var written = 0
        var lines = 0
        let target = megabytes * 1_000_000
        while written < target {
            let (service, endpoint) = services[Int(generator.next() % 3)]
            let language = languages[Int(generator.next() % 4)]
            let month = 1 + Int(generator.next() % 12)
            let day = 1 + Int(generator.next() % 28)
            let seconds = Int(generator.next() % 86_400)
            let timestamp = String(
                format: "2025-%02d-%02dT%02d:%02d:%02d+01:00", month, day, seconds / 3600, seconds / 60 % 60,
                seconds % 60)
            let audio = service == "transcription" ? Double(generator.next() % 360_000) / 100 : 0
            let tokens = service == "transcription" ? 0 : Int(generator.next() % 4000)
            let line =
                "{\"timestamp\":\"\(timestamp)\",\"service\":\"\(service)\",\"endpoint\":\"\(endpoint)\",\"language\":\"\(language)\",\"status\":200,\"duration_ms\":\(generator.next() % 90_000),\"audio_seconds\":\(audio),\"input_chars\":\(tokens * 4),\"input_tokens\":\(tokens),\"output_tokens\":\(tokens),\"gpu_seconds\":\(Double(generator.next() % 6000) / 100),\"file_id\":\"f-\(String(generator.next() % 0xFFFF_FFFF, radix: 16))\"}\n"
            buffer += line
            lines += 1
            if buffer.utf8.count >= 4 << 20 {
                written += buffer.utf8.count
                handle.write(Data(buffer.utf8))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(buffer.utf8))
        return lines
    }

    static func writeCodeCarbon(to url: URL, rows: Int, seed: UInt64 = 11) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var generator = SeededGenerator(seed: seed)
        var buffer =
            "timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,country_iso_code,region,cloud_provider,cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,on_cloud,pue\n"
        for index in 0..<rows {
            let (service, _) = services[index % 3]
            let language = languages[Int(generator.next() % 4)]
            let duration = 100 + generator.unit() * 1000
            let energy = duration * 120 / 3.6e6
            buffer += String(
                format:
                    "2025-%02d-%02dT10:%02d:%02d,%@-%@,%08x-0000-4000-8000-%012x,5b0fa12a-3dd7-45bb-9766-cc326314d9f1,%.6f,%.10f,%.12f,42.5,60.0,20.6,%.10f,%.10f,%.10f,%.10f,France,FRA,île-de-france,,,Linux,3.11.9,2.8.3,8,AMD EPYC 7V12,1,1 x Tesla T4,2.3488,48.8534,54.93,machine,N,1.0\n",
                1 + index % 12, 1 + index % 28, index % 60, index % 60, service, language, index, index,
                duration, energy * 0.056, energy * 0.056 / duration, energy * 0.3, energy * 0.5, energy * 0.2, energy)
            if buffer.utf8.count >= 4 << 20 {
                handle.write(Data(buffer.utf8))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(buffer.utf8))
    }
}

/// Peak resident memory of this process, in MB (Linux `ru_maxrss` is in KiB).
func peakMemoryMB() -> Double {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}
