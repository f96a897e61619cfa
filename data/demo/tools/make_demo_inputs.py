#!/usr/bin/env python3
"""Writes the demo workspace's generated inputs (run from data/demo: python3 tools/make_demo_inputs.py).

- inputs/carbon-optimization-items-2025-01.json and -02.json: Azure Carbon optimization ItemDetailsReport bodies
  for January and February, consistent with ../shared/samples: February's items are the March file's
  previousMonthEmissions; January's split the Emissions Impact Dashboard's January totals per Azure service and
  region (Virtual Machines France Central split Whisper/NLLB in February's proportions).
- inputs/usage-rollup-2025-01_02.csv: the API's monthly rollup for January and February.
- inputs/usage-log-2025-03.jsonl: one JSON line per request for March (seeded, deterministic).
The numbers are synthetic; the shapes follow README.md "Usage log".
"""
import json, random, math

march = json.load(open("inputs/carbon-optimization-items-2025-03.json"))
items = march["value"]

def body(month_items):
    return {"subscriptionAccessDecisionList": march["subscriptionAccessDecisionList"], "value": month_items}

# February = March's previousMonthEmissions; previous = January (below).
eid = {}
for line in open("inputs/emissions-impact-dashboard-2025Q1.csv", encoding="utf-8-sig"):
    f = line.rstrip("\r\n").split(",")
    if f[0] == "20250101":
        eid[(f[5], f[7])] = eid.get((f[5], f[7]), 0) + float(f[10]) * 1000
feb = {v["itemName"]: v["previousMonthEmissions"] for v in items}
vm_fr = eid[("Virtual Machines", "France Central")]
share_whisper = feb["vm-whisper-fr-01"] / (feb["vm-whisper-fr-01"] + feb["vm-nllb-fr-01"])
jan = {
    "aks-gpupool-31415926-vmss": eid[("Virtual Machines", "West Europe")],
    "vm-whisper-fr-01": vm_fr * share_whisper,
    "vm-nllb-fr-01": vm_fr * (1 - share_whisper),
    "ca-aiapi-gateway": eid[("Azure Container Apps", "France Central")],
    "staiapifr01": eid[("Storage", "France Central")],
    "aks-aiapi-we": eid[("Azure Kubernetes Service", "West Europe")],
}
dec = {k: round(v / 1.030928 * 1.0, 4) for k, v in jan.items()}  # December, from the summary's Jan ratio

def month_items(latest, previous):
    out = []
    for v in items:
        name = v["itemName"]
        l, p = round(latest[name], 4), round(previous[name], 4)
        w = dict(v)
        w.update(latestMonthEmissions=l, previousMonthEmissions=p,
                 monthOverMonthEmissionsChangeRatio=round((l - p) / p, 6), monthlyEmissionsChangeValue=round(l - p, 4))
        out.append(w)
    return out

json.dump(body(month_items(feb, jan)), open("inputs/carbon-optimization-items-2025-02.json", "w"), indent=2)
json.dump(body(month_items(jan, dec)), open("inputs/carbon-optimization-items-2025-01.json", "w"), indent=2)

# Usage: files per month per language and service, growing about 7 % a month.
rng = random.Random(20250301)
base = {  # January files: (service, endpoint, language)
    ("transcription", "/v1/transcribe", "fr"): 130, ("transcription", "/v1/transcribe", "en"): 60,
    ("transcription", "/v1/transcribe", "es"): 40,
    ("translation", "/v1/translate", "fr"): 70, ("translation", "/v1/translate", "en"): 90,
    ("translation", "/v1/translate", "es"): 25,
    ("generation", "/v1/generate", "fr"): 45, ("generation", "/v1/generate", "en"): 30,
    ("generation", "/v1/generate", "es"): 10,
}
growth = {"fr": 0.06, "en": 0.08, "es": 0.10}
tokens_per_char_nllb = {"fr": 0.262, "en": 0.232, "es": 0.241}
tokens_per_char_mistral = {"fr": 0.305, "en": 0.228, "es": 0.302}
chars_per_minute = {"fr": 1073, "en": 900, "es": 1072}

def request(service, endpoint, lang):
    r = {"service": service, "endpoint": endpoint, "language": lang, "status": 200}
    if rng.random() < 0.015:
        r["status"] = rng.choice([429, 500, 503])
    if service == "transcription":
        audio = max(60.0, rng.lognormvariate(math.log(27 * 60), 0.45))
        gpu = audio / rng.uniform(5.2, 6.4)  # large-v3 on a T4 at batch 1: ~6x real time (15 Wh/audio-h at 88 W)
        r.update(duration_ms=round(gpu * 1000 + rng.uniform(300, 900)), audio_seconds=round(audio, 1),
                 input_chars=0, input_tokens=0, output_tokens=0, gpu_seconds=round(gpu, 1))
    elif service == "translation":
        chars = max(2000, rng.gauss(chars_per_minute[lang] * 27, 6000))
        tin = chars * tokens_per_char_nllb[lang]
        tout = tin * rng.uniform(0.95, 1.12)
        gpu = tout / rng.uniform(55, 70)  # NLLB-200 3.3B at batch 1 on a T4: ~63 tokens/s (1.4 J/token at 88 W)
        r.update(duration_ms=round(gpu * 1000 + rng.uniform(100, 400)), audio_seconds=0, input_chars=round(chars),
                 input_tokens=round(tin), output_tokens=round(tout), gpu_seconds=round(gpu, 1))
    else:
        chars = rng.uniform(3000, 5000)
        tout = chars * tokens_per_char_mistral[lang]
        gpu = tout / rng.uniform(38, 52) + 1.5  # Mistral 7B Q4 on a T4: ~45 tokens/s
        r.update(duration_ms=round(gpu * 1000 + rng.uniform(200, 600)), audio_seconds=0, input_chars=round(chars * 0.15),
                 input_tokens=rng.randint(220, 420), output_tokens=round(tout), gpu_seconds=round(gpu, 1))
    if r["status"] != 200:
        r.update(duration_ms=rng.randint(20, 900), gpu_seconds=0, output_tokens=0)
    return r

rollup = ["period,service,endpoint,language,requests,files,audio_seconds,input_chars,input_tokens,output_tokens,energy_wh,gpu_seconds"]
march_lines = []
for month in (1, 2, 3):
    for (service, endpoint, lang), n0 in sorted(base.items()):
        n = round(n0 * (1 + growth[lang]) ** (month - 1))
        reqs = [request(service, endpoint, lang) for _ in range(n + rng.randint(0, 2))]
        if month < 3:
            ok = [q for q in reqs if q["status"] == 200]
            s = lambda k: sum(q.get(k, 0) for q in reqs)
            rollup.append(f"2025-{month:02d},{service},{endpoint},{lang},{len(reqs)},{len(ok)},{s('audio_seconds'):.1f},"
                          f"{s('input_chars')},{s('input_tokens')},{s('output_tokens')},,{s('gpu_seconds'):.1f}")
        else:
            for q in reqs:
                day = rng.randint(1, 31)
                hour, minute, second = rng.randint(7, 21), rng.randint(0, 59), rng.randint(0, 59)
                offset = "+01:00" if day < 30 else "+02:00"  # Paris switches to summer time on 30 March 2025
                q = {"timestamp": f"2025-03-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}{offset}", **q,
                     "file_id": f"f-{rng.getrandbits(40):010x}"}
                if service == "transcription" and q["status"] == 200:
                    q["energy_wh"] = round(q["gpu_seconds"] * 64.0 / 3600 * 1.3, 3)  # NVML busy power x server overhead
                march_lines.append(q)
march_lines.sort(key=lambda q: q["timestamp"])
with open("inputs/usage-rollup-2025-01_02.csv", "w") as f:
    f.write("\n".join(rollup) + "\n")
with open("inputs/usage-log-2025-03.jsonl", "w") as f:
    for q in march_lines:
        f.write(json.dumps(q, separators=(",", ":")) + "\n")
print(len(march_lines), "requests in March")
