#!/usr/bin/env python3
"""Writes the demo's measured GPU energy for March 2025 (run from data/demo: python3 tools/make_demo_dcgm.py).

Output: inputs/dcgm-energy-2025-03-part1.json and -part2.json, two Prometheus HTTP API `query_range` responses
(prometheus/prometheus docs/querying/api.md) for DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION (counter, mJ since the driver
was loaded; NVIDIA/dcgm-exporter etc/default-counters.csv), one series per GPU, as a consultant would download them
with curl for the pack's month:

    /api/v1/query_range?query=DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION&start=2025-02-28T23:00:00Z&end=2025-03-16T11:00:00Z&step=240
    /api/v1/query_range?query=DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION&start=2025-03-16T11:00:00Z&end=2025-03-31T22:00:00Z&step=240

The month in Europe/Paris (the workspace's time_zone) runs 2025-02-28T23:00Z to 2025-03-31T22:00Z: 743 hours, so a
240 s step gives 11,146 points per series, over Prometheus's limit of 11,000 ("exceeded maximum resolution of 11,000
points per timeseries", web/api/v1/api.go): hence two queries, whose shared boundary point is in both files. A 60 s
step would need five files and 3.6 MB; 240 s keeps the two files under 1 MB together and divides the hour (15
points), so hourly counter differences are exact.

GPUs, one Tesla T4 per service (the VMs and node pool of the demo's Carbon optimization items):
- vm-whisper-fr-01 (transcription), vm-nllb-fr-01 (translation): Azure VMs in francecentral, dcgm-exporter on the VM;
- aks-gpupool-31415926-vmss000000 (generation): AKS node in westeurope, Kubernetes mapping on (pod, namespace,
  container labels).
Labels as dcgm-exporter wrote them in 2025, before the Hostname → hostname rename (dcgm-exporter #655).

Power model, per GPU: board power = idle + (busy − idle) while a request holds the GPU.
- idle 8 W: the T4's idle in CCF's Azure GPU coefficients (T4 8 / 71 W; methodology.md §3.3, measurement.md §1.5);
- busy 64 W: the "NVML busy power" behind the usage log's energy_wh (make_demo_inputs.py: energy_wh = gpu_seconds ×
  64 W / 3600 × 1.3 server overhead), so the counter agrees with the log: over any hour,
  E = 8 W × 3600 s + 56 W × (busy seconds in that hour), and for transcription the busy part at 64 W is exactly
  Σ energy_wh / 1.3 (DCGM sees the board, not the server's 1.3).
A request is busy from its timestamp (arrival) for gpu_seconds: the same rule ReportGen's hourly busy table must use.
Concurrent requests add (the log's gpu_seconds are summed, as the allocation sums them).

One driver reload: the AKS node restarts its GPU driver at 2025-03-16T03:01:30Z (a node image upgrade, at night when
no request runs): its counter falls and restarts from zero, and the 90 s between the last sample and the reload
(8 W × 90 s = 720 J) are lost to the measurement, as they would be to Prometheus's increase().

Deterministic; standard library only. Prints the check figures.
"""
import json
import os
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
INPUTS = os.path.join(HERE, "..", "inputs")

IDLE_W = 8.0
BUSY_W = 64.0
STEP_S = 240
START = int(datetime(2025, 2, 28, 23, tzinfo=timezone.utc).timestamp())   # 2025-03-01T00:00+01:00
END = int(datetime(2025, 3, 31, 22, tzinfo=timezone.utc).timestamp())     # 2025-04-01T00:00+02:00
SPLIT = int(datetime(2025, 3, 16, 11, tzinfo=timezone.utc).timestamp())
RELOAD = int(datetime(2025, 3, 16, 3, 1, 30, tzinfo=timezone.utc).timestamp())

GPUS = {
    "transcription": {
        "labels": {"Hostname": "vm-whisper-fr-01", "UUID": "GPU-5b8e1c2a-7f3d-4e91-a6b0-2c4d8e9f1a01",
                   "instance": "10.20.1.4:9400"},
        "counter_at_start_mJ": 41_263_877_412,   # the driver was loaded some weeks before March
        "reload": None,
    },
    "translation": {
        "labels": {"Hostname": "vm-nllb-fr-01", "UUID": "GPU-9c1f4a7e-2b6d-4f08-8e3a-5d7b1c0e2f02",
                   "instance": "10.20.1.5:9400"},
        "counter_at_start_mJ": 17_904_125_090,
        "reload": None,
    },
    "generation": {
        "labels": {"Hostname": "aks-gpupool-31415926-vmss000000",
                   "UUID": "GPU-3e7a9b2c-4d1f-4a6e-9b8c-7f0e2d1c3b03", "instance": "10.244.3.17:9400",
                   "pod": "generation-ollama-0", "namespace": "aiapi", "container": "ollama"},
        "counter_at_start_mJ": 63_551_300_486,
        "reload": RELOAD,
    },
}
COMMON = {"__name__": "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", "gpu": "0", "device": "nvidia0",
          "modelName": "Tesla T4", "DCGM_FI_DRIVER_VERSION": "535.183.01", "job": "dcgm-exporter"}


def parse_time(text):
    return datetime.fromisoformat(text).timestamp()


def busy_intervals():
    """Per service, the sorted (start, end) seconds of each request's GPU hold."""
    intervals = {service: [] for service in GPUS}
    with open(os.path.join(INPUTS, "usage-log-2025-03.jsonl")) as log:
        for line in log:
            record = json.loads(line)
            seconds = record.get("gpu_seconds") or 0
            if seconds > 0 and record["service"] in intervals:
                start = parse_time(record["timestamp"])
                intervals[record["service"]].append((start, start + seconds))
    return {service: sorted(items) for service, items in intervals.items()}


def busy_before(intervals, t):
    """Busy seconds accumulated before t (concurrent requests add)."""
    return sum(max(0.0, min(end, t) - start) for start, end in intervals if start < t)


def energy_mJ(intervals, since, t):
    """Board energy from `since` to t, mJ: idle all along, plus the busy excess while requests run."""
    busy = busy_before(intervals, t) - busy_before(intervals, since)
    return (IDLE_W * (t - since) + (BUSY_W - IDLE_W) * busy) * 1000


def series_points(service, intervals):
    gpu = GPUS[service]
    points = []
    for t in range(START, END + 1, STEP_S):
        if gpu["reload"] is not None and t >= gpu["reload"]:
            value = energy_mJ(intervals, gpu["reload"], t)          # counted again from zero after the reload
        else:
            value = gpu["counter_at_start_mJ"] + energy_mJ(intervals, START, t)
        points.append([t, str(int(round(value)))])
    return points


def response(result):
    return {"status": "success", "data": {"resultType": "matrix", "result": result}}


def main():
    intervals = busy_intervals()
    series = {service: series_points(service, intervals[service]) for service in GPUS}
    for part, keep in ((1, lambda t: t <= SPLIT), (2, lambda t: t >= SPLIT)):
        result = []
        for service in GPUS:
            points = [p for p in series[service] if keep(p[0])]
            assert len(points) <= 11_000, (service, len(points))
            result.append({"metric": dict(sorted({**COMMON, **GPUS[service]["labels"]}.items())), "values": points})
        path = os.path.join(INPUTS, f"dcgm-energy-2025-03-part{part}.json")
        with open(path, "w") as out:
            json.dump(response(result), out, separators=(",", ":"))
            out.write("\n")
        print(f"{os.path.relpath(path, os.path.join(HERE, '..'))}: {os.path.getsize(path):,} bytes, "
              f"{len(result[0]['values'])} points per series")

    hours = (END - START) / 3600
    print(f"{hours:.0f} hours, {len(series['transcription'])} points per series over the month")
    total_wh = {}
    for service in GPUS:
        busy = sum(min(end, END) - max(start, START) for start, end in intervals[service] if end > START and start < END)
        wh = (IDLE_W * (END - START) + (BUSY_W - IDLE_W) * busy) / 3600
        if GPUS[service]["reload"] is not None:
            wh -= IDLE_W * (GPUS[service]["reload"] - (GPUS[service]["reload"] // STEP_S * STEP_S)) / 3600
        total_wh[service] = wh
        print(f"{service}: busy {busy:,.1f} s; board energy {wh / 1000:.6f} kWh "
              f"(idle 8 W × {hours:.0f} h = {IDLE_W * hours / 1000:.3f} kWh + 56 W × busy)")
    with open(os.path.join(INPUTS, "usage-log-2025-03.jsonl")) as log:
        records = [json.loads(line) for line in log]
    wh = sum(r.get("energy_wh", 0) for r in records if r["service"] == "transcription")
    gpu_s = sum(r.get("gpu_seconds", 0) for r in records if r["service"] == "transcription" and r.get("energy_wh"))
    audio_h = sum(r.get("audio_seconds", 0) for r in records if r["service"] == "transcription" and r.get("energy_wh")) / 3600
    print(f"transcription energy_wh: {wh:.1f} Wh = {wh / audio_h:.2f} Wh per audio hour at the server; "
          f"/1.3 = {wh / 1.3:.1f} Wh at the board, vs 64 W × {gpu_s:,.1f} s = {BUSY_W * gpu_s / 3600:.1f} Wh")


if __name__ == "__main__":
    main()
