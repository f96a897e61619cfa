"""Shared fixtures: reading a written log, the ReportGen binary, lifespan for async clients."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator, MutableMapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from starlette.types import ASGIApp

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
REPOSITORY = PACKAGE_ROOT.parents[1]

# The example app is not installed with the package: import it from the source tree.
if str(PACKAGE_ROOT) not in sys.path:
    sys.path.insert(0, str(PACKAGE_ROOT))


def read_log(directory: Path) -> list[dict[str, Any]]:
    """Every record of every usage-*.jsonl file in `directory`; fails on a line that is not one JSON object."""
    records: list[dict[str, Any]] = []
    for path in sorted(directory.glob("usage-*.jsonl")):
        data = path.read_bytes()
        assert data.endswith(b"\n"), f"{path.name} does not end with a newline"
        for number, line in enumerate(data.split(b"\n")[:-1], start=1):
            record = json.loads(line)
            assert isinstance(record, dict), f"{path.name}:{number} is not an object"
            records.append(record)
    return records


@pytest.fixture
def log_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "usage-logs"
    directory.mkdir()
    return directory


def reportgen_binary() -> Path | None:
    """`REPORTGEN_BIN`, else the debug build at the repository root; `None` when neither exists."""
    configured = os.environ.get("REPORTGEN_BIN")
    candidates = [Path(configured)] if configured else [REPOSITORY / ".build" / "debug" / "reportgen"]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture
def reportgen() -> Path:
    binary = reportgen_binary()
    if binary is None:
        where = os.environ.get("REPORTGEN_BIN") or str(REPOSITORY / ".build" / "debug" / "reportgen")
        pytest.skip(f"no reportgen binary at {where} (run `swift build` at the repository root or set REPORTGEN_BIN)")
    return binary


@asynccontextmanager
async def lifespan(app: ASGIApp) -> AsyncIterator[None]:
    """Runs an app's ASGI lifespan around a block, as a server does (httpx's ASGITransport does not)."""
    to_app: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    from_app: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    await to_app.put({"type": "lifespan.startup"})
    async def send(message: MutableMapping[str, Any]) -> None:
        await from_app.put(dict(message))

    async def run() -> None:
        await app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, to_app.get, send)

    task = asyncio.create_task(run())
    message = await from_app.get()
    assert message["type"] == "lifespan.startup.complete", message
    try:
        yield
    finally:
        await to_app.put({"type": "lifespan.shutdown"})
        message = await from_app.get()
        assert message["type"] == "lifespan.shutdown.complete", message
        await task
