"""Drives the demo API through a simulated month and leaves its usage log, ready for `reportgen build`.

    python -m example.drive --workspace /tmp/aiapi-ws --month 2025-03 --requests 600
    reportgen build --workspace /tmp/aiapi-ws

With `--workspace`, the folder gets `reportgen.yaml` (the demo's, from data/demo/, with `period` set to the month)
and the log in `inputs/`; with `--out DIR`, only the log. Requests run in process (FastAPI's TestClient), one after
another, with a simulated clock spread over the month (in `--time-zone`) and the models' time scaled down.
"""

from __future__ import annotations

import argparse
import calendar
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient

from .app import create_app

REPOSITORY = Path(__file__).resolve().parents[3]
DEMO_CONFIG = REPOSITORY / "data" / "demo" / "reportgen.yaml"
SERVICE_SHARES = {"transcription": 0.4, "translation": 0.3, "generation": 0.3}
LANGUAGE_SHARES = {"fr": 0.5, "en": 0.3, "es": 0.2}
FAILURE_SHARE = 0.02
WORDS = "le la les de des un une et en du que pour dans sur avec par plus pas est sont été être".split()


@dataclass
class SentTotals:
    """What the driver sent, per (service, language): the sums the log must show."""

    requests: Counter[tuple[str, str]] = field(default_factory=Counter)
    files: Counter[tuple[str, str]] = field(default_factory=Counter)
    audio_seconds: defaultdict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    input_chars: Counter[tuple[str, str]] = field(default_factory=Counter)


class SimulatedClock:
    """The wall clock the middleware reads: set before each request."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def month_instants(month: str, count: int, zone: ZoneInfo, rng: random.Random) -> list[datetime]:
    """`count` sorted instants in a month, mostly in working hours (8:00–20:00 local)."""
    year, number = (int(part) for part in month.split("-"))
    days = calendar.monthrange(year, number)[1]
    instants = []
    for _ in range(count):
        hour = rng.randint(8, 19) if rng.random() < 0.9 else rng.randint(0, 23)
        local = datetime(year, number, rng.randint(1, days), hour, rng.randint(0, 59), rng.randint(0, 59))
        instants.append(local.replace(tzinfo=zone, microsecond=rng.randint(0, 999) * 1000))
    return sorted(instants)


def _pick(shares: dict[str, float], rng: random.Random) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def _text(characters: int, rng: random.Random) -> str:
    words: list[str] = []
    length = 0
    while length < characters:
        word = rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    return " ".join(words)[:characters]


def request_for(service: str, language: str, index: int, rng: random.Random) -> tuple[str, dict[str, Any], int, float]:
    """(path, JSON body, input characters, audio seconds) of one simulated request."""
    fail = rng.random() < FAILURE_SHARE
    file_id = f"upload-{index:06d}"
    if service == "transcription":
        audio = round(min(max(rng.lognormvariate(7.2, 0.6), 30.0), 7200.0), 1)
        forced = language if rng.random() < 0.5 else None
        body = {"file_id": file_id, "audio_seconds": audio, "language": forced, "spoken_language": language}
        return "/v1/transcribe", {**body, "simulate_failure": fail}, 0, audio
    if service == "translation":
        source = "fr" if language != "fr" else rng.choice(["en", "es"])
        text = _text(int(min(max(rng.lognormvariate(8.6, 0.7), 200), 60_000)), rng)
        body = {"file_id": file_id, "text": text, "source_language": source, "target_language": language}
        return "/v1/translate", {**body, "simulate_failure": fail}, len(text), 0.0
    prompt = _text(rng.randint(300, 1800), rng)
    body = {
        "file_id": file_id,
        "prompt": prompt,
        "language": language,
        "max_tokens": rng.randint(400, 1600),
        "cached_prompt": rng.random() < 0.1,
        "stream": rng.random() < 0.3,
    }
    return "/v1/generate", {**body, "simulate_failure": fail}, len(prompt), 0.0


def drive(
    log_directory: str | Path,
    *,
    month: str = "2025-03",
    requests: int = 600,
    seed: int = 7,
    time_scale: float = 1e-4,
    time_zone: str = "Europe/Paris",
) -> SentTotals:
    """Sends `requests` simulated requests over `month` to the demo API writing its log in `log_directory`."""
    rng = random.Random(seed)
    zone = ZoneInfo(time_zone)
    instants = month_instants(month, requests, zone, rng)
    clock = SimulatedClock(instants[0])
    app = create_app(log_directory, time_scale=time_scale, clock=clock, time_zone=zone)
    sent = SentTotals()
    with TestClient(app, raise_server_exceptions=False) as client:
        for index, instant in enumerate(instants):
            service, language = _pick(SERVICE_SHARES, rng), _pick(LANGUAGE_SHARES, rng)
            path, body, characters, audio = request_for(service, language, index, rng)
            clock.now = instant
            status = client.post(path, json=body).status_code
            key = (service, language)
            sent.requests[key] += 1
            sent.input_chars[key] += characters
            if 200 <= status < 300:
                sent.files[key] += 1
                sent.audio_seconds[key] += audio
            if index % 50 == 0:
                client.get("/healthz")  # not a service: never in the log
    return sent


def write_workspace(workspace: Path, month: str, draws: int | None) -> Path:
    """Writes `reportgen.yaml` (the demo's, `period` set to `month`) and returns the inputs folder."""
    if not DEMO_CONFIG.exists():
        raise SystemExit(f"drive: {DEMO_CONFIG} not found; use --out to write only the log")
    config = re.sub(r"(?m)^period: .*$", f"period: {month}", DEMO_CONFIG.read_text(encoding="utf-8"))
    if draws is not None:
        config += f"\nuncertainty:\n  draws: {draws}\n  seed: 42\n"
    workspace.mkdir(parents=True, exist_ok=True)
    (workspace / "reportgen.yaml").write_text(config, encoding="utf-8")
    inputs = workspace / "inputs"
    inputs.mkdir(exist_ok=True)
    return inputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--workspace", type=Path, help="write reportgen.yaml and inputs/ (the log) here")
    target.add_argument("--out", type=Path, help="write only the log, in this folder")
    parser.add_argument("--month", default="2025-03", help="YYYY-MM (default 2025-03)")
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--time-scale", type=float, default=1e-4, help="model time multiplier (default 1e-4)")
    parser.add_argument("--time-zone", default="Europe/Paris")
    parser.add_argument("--draws", type=int, help="Monte Carlo draws written to reportgen.yaml (default ReportGen's)")
    arguments = parser.parse_args(argv)
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", arguments.month):
        parser.error(f"--month: expected YYYY-MM, found {arguments.month}")
    directory = (
        write_workspace(arguments.workspace, arguments.month, arguments.draws) if arguments.workspace else arguments.out
    )
    sent = drive(
        directory,
        month=arguments.month,
        requests=arguments.requests,
        seed=arguments.seed,
        time_scale=arguments.time_scale,
        time_zone=arguments.time_zone,
    )
    print(
        f"{sum(sent.requests.values())} requests ({sum(sent.files.values())} succeeded) over {arguments.month};"
        f" usage log in {directory}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
