"""ReportGen's usage-log aggregation, re-implemented line by line from the Swift importer, as the oracle the SQL
rollup is compared with: Sources/ReportGen/Ingest/UsageLogImporter.swift (Accumulator.add),
UsageLogImporter+JSONLines.swift (JSONLinesReader), UsageLineFields.swift and civilTime.swift."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

NUMERIC_FIELDS = ("duration_ms", "audio_seconds", "input_chars", "input_tokens", "output_tokens", "energy_wh",
                  "gpu_seconds")


@dataclass
class Activity:
    """Sums of one (period, service, endpoint, language), as ReportGen's `Activity`."""

    requests: int = 0
    files: int = 0
    audio_seconds: float = 0.0
    input_chars: float = 0.0
    input_tokens: float = 0.0
    output_tokens: float = 0.0
    gpu_seconds: float = 0.0
    energy_wh: float = 0.0
    requests_with_energy: int = 0


Key = tuple[str, str, str, str]  # period, service, endpoint, language


def parse_iso8601_seconds(text: str) -> int | None:
    """`parseISO8601Seconds`: seconds since 1970 of `YYYY-MM-DD(T| )HH:MM:SS[.fff](Z|±HH:MM|±HHMM)`, else None."""
    data = text.encode("utf-8")
    if len(data) < 20:
        return None

    def digits(start: int, count: int) -> int | None:
        chunk = data[start:start + count]
        if len(chunk) != count or not all(48 <= b <= 57 for b in chunk):
            return None
        return int(chunk)

    year, month, day = digits(0, 4), digits(5, 2), digits(8, 2)
    hour, minute, second = digits(11, 2), digits(14, 2), digits(17, 2)
    if None in (year, month, day, hour, minute, second):
        return None
    assert year is not None and month is not None and day is not None
    assert hour is not None and minute is not None and second is not None
    if data[4] != 45 or data[7] != 45 or data[10] not in (84, 32) or data[13] != 58 or data[16] != 58:
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60 and second < 61):
        return None
    index = 19
    if index < len(data) and data[index] == 46:
        index += 1
        while index < len(data) and 48 <= data[index] <= 57:
            index += 1
    if index >= len(data):
        return None
    offset = 0
    if data[index] == 90:
        if index + 1 != len(data):
            return None
    elif data[index] in (43, 45):
        sign = 1 if data[index] == 43 else -1
        offset_hours = digits(index + 1, 2)
        if offset_hours is None:
            return None
        minutes_start = index + 3
        if minutes_start < len(data) and data[minutes_start] == 58:
            minutes_start += 1
        offset_minutes = digits(minutes_start, 2)
        if offset_minutes is None or minutes_start + 2 != len(data):
            return None
        offset = sign * (offset_hours * 3600 + offset_minutes * 60)
    else:
        return None
    days = days_from_civil(year, month, day)
    return days * 86_400 + hour * 3600 + minute * 60 + second - offset


def days_from_civil(year: int, month: int, day: int) -> int:
    """Howard Hinnant's algorithm, as civilTime.swift (Swift's `/` truncates toward zero)."""
    y = year - 1 if month <= 2 else year
    era = int((y if y >= 0 else y - 399) / 400)
    year_of_era = y - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146_097 + day_of_era - 719_468


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def read_record(line: bytes) -> dict[str, Any] | None:
    """One line's request, or None when ReportGen sets it aside; raises nothing."""
    try:
        obj = json.loads(line)
    except ValueError:
        return None
    if not isinstance(obj, dict):
        return None
    numbers: dict[str, float] = {}
    for name in NUMERIC_FIELDS:
        value = obj.get(name)
        if value is None:
            continue
        if not _is_number(value):
            return None
        numbers[name] = float(value)
    status = obj.get("status")
    if isinstance(status, (int, float)) and not isinstance(status, bool):
        status_value = float(status)
    elif isinstance(status, str):
        try:
            status_value = float(status)
        except ValueError:
            return None
    else:
        return None

    def text(name: str) -> str:
        value = obj.get(name)
        return value if isinstance(value, str) else ""

    timestamp, service, language = text("timestamp"), text("service"), text("language")
    utc = parse_iso8601_seconds(timestamp)
    if utc is None:
        return None
    if len(language) != 2 or not (language.isascii() and language.isalpha()):
        return None
    if not service:
        return None
    return {"utc": utc, "service": service, "endpoint": text("endpoint"), "language": language.lower(),
            "status": status_value, **numbers}


def aggregate(paths: list[Path], time_zone: str) -> tuple[dict[Key, Activity], int]:
    """Sums per (period, service, endpoint, language), and the count of records set aside."""
    zone = ZoneInfo(time_zone)
    totals: dict[Key, Activity] = {}
    rejected = 0
    for path in paths:
        for line in path.read_bytes().split(b"\n"):
            if not line.strip(b" \r\t"):
                continue
            record = read_record(line)
            if record is None:
                rejected += 1
                continue
            instant = datetime.fromtimestamp(record["utc"], tz=timezone.utc)
            offset = instant.astimezone(zone).utcoffset()
            assert offset is not None
            local = datetime.fromtimestamp(record["utc"] + int(offset.total_seconds()), tz=timezone.utc)
            key = (f"{local.year:04d}-{local.month:02d}", record["service"], record["endpoint"], record["language"])
            activity = totals.setdefault(key, Activity())
            activity.requests += 1
            if 200 <= record["status"] < 300:
                activity.files += 1
            activity.audio_seconds += record.get("audio_seconds", 0.0)
            activity.input_chars += record.get("input_chars", 0.0)
            activity.input_tokens += record.get("input_tokens", 0.0)
            activity.output_tokens += record.get("output_tokens", 0.0)
            activity.gpu_seconds += record.get("gpu_seconds", 0.0)
            if "energy_wh" in record:
                activity.energy_wh += record["energy_wh"]
                activity.requests_with_energy += 1
    return totals, rejected
