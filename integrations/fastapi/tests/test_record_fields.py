"""What one record holds: the route template, service, languages, units, hashing and the counted omissions."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from conftest import read_log
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from reportgen_usage import UsageLogMiddleware, hash_file_id, usage
from reportgen_usage.fastapi import UsageDep

# ReportGen's parseISO8601Seconds: an offset is required.
REPORTGEN_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})")
SALT = "a-test-salt-of-enough-length"


def make_app(log_dir: Path, **options: Any) -> FastAPI:
    app = FastAPI()
    options.setdefault("services", {"/v1/translate": "translation", "/v1/generate": "generation"})
    app.add_middleware(UsageLogMiddleware, directory=log_dir, **options)

    @app.post("/v1/translate/{job_id}")
    def translate_job(job_id: str, u: UsageDep) -> dict[str, str]:
        u.source_language, u.target_language = "fr", "en-GB"
        u.input_chars, u.output_chars, u.input_tokens, u.output_tokens = 1200, 1100, 280, 260
        u.model, u.file_id = "nllb-200-3.3B", job_id
        return {"job": "done"}

    @app.get("/v1/generate/{language}")
    def by_path(language: str, u: UsageDep) -> dict[str, str]:
        return {}

    @app.get("/v1/generate")
    def by_query(u: UsageDep) -> dict[str, str]:
        return {}

    @app.get("/v1/generate-localised")
    def by_header(u: UsageDep) -> JSONResponse:
        u.service = "generation"
        return JSONResponse({}, headers={"Content-Language": "es-MX"})

    @app.get("/v1/translate/bad/{job_id}")
    def bad_values(job_id: str, u: UsageDep) -> dict[str, str]:
        u.language = "French"
        u.input_chars = -3
        u.output_tokens = float("nan")  # type: ignore[assignment]  # on purpose
        return {}

    @app.get("/v1/translate-unknown")
    def without_language(u: UsageDep) -> dict[str, str]:
        u.service = "translation"
        return {}

    @app.get("/healthz")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def test_a_record_has_the_route_template_service_languages_and_units(log_dir: Path) -> None:
    app = make_app(log_dir, file_id_salt=SALT)
    with TestClient(app) as client:
        assert client.post("/v1/translate/job-42").status_code == 200
    (record,) = read_log(log_dir)
    assert record["endpoint"] == "/v1/translate/{job_id}"
    assert record["service"] == "translation"
    assert (record["language"], record["source_language"], record["target_language"]) == ("en", "fr", "en")
    assert record["status"] == 200
    assert (record["input_chars"], record["output_chars"], record["input_tokens"], record["output_tokens"]) == (
        1200, 1100, 280, 260,
    )
    assert record["model"] == "nllb-200-3.3B"
    assert record["file_id"] == hash_file_id("job-42", SALT.encode()) and record["file_id"] != "job-42"
    assert isinstance(record["duration_ms"], float) and record["duration_ms"] >= 0
    assert REPORTGEN_TIMESTAMP.fullmatch(record["timestamp"])
    assert re.fullmatch(r"[0-9a-f]{32}", record["request_id"])
    assert "energy_wh" not in record and "gpu_seconds" not in record  # never a 0 that would read as measured


def test_timestamps_carry_the_configured_offset(log_dir: Path) -> None:
    instant = datetime(2025, 3, 31, 22, 30, 0, 123000, tzinfo=timezone.utc)
    app = make_app(log_dir, clock=lambda: instant, time_zone=ZoneInfo("Europe/Paris"))
    with TestClient(app) as client:
        client.post("/v1/translate/x")
    (record,) = read_log(log_dir)
    assert record["timestamp"] == "2025-04-01T00:30:00.123+02:00"
    assert [path.name.split(".")[0] for path in log_dir.iterdir()] == ["usage-2025-04"]


def test_a_naive_clock_is_refused(log_dir: Path) -> None:
    app = make_app(log_dir, clock=lambda: datetime(2025, 3, 1))
    with pytest.raises(TypeError, match="aware datetime"):
        with TestClient(app):
            pass


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/v1/generate/FR", "fr"), ("/v1/generate?lang=es", "es"), ("/v1/generate-localised", "es")],
)
def test_language_comes_from_path_query_or_content_language(log_dir: Path, path: str, expected: str) -> None:
    with TestClient(make_app(log_dir)) as client:
        client.get(path)
    (record,) = read_log(log_dir)
    assert record["language"] == expected


def test_a_request_without_a_known_language_is_counted_and_not_written(
    log_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(log_dir)
    with caplog.at_level(logging.WARNING, logger="reportgen_usage"), TestClient(app) as client:
        client.get("/v1/translate-unknown")
        client.get("/v1/translate-unknown")
        middleware_stats = _stats(app)
    assert read_log(log_dir) == []
    assert middleware_stats["not_logged_without_language"] == 2
    assert sum("without a known language" in message for message in caplog.messages) == 1


def test_log_without_language_writes_the_record_without_a_language(log_dir: Path) -> None:
    app = make_app(log_dir, log_without_language=True)
    with TestClient(app) as client:
        client.get("/v1/translate-unknown")
        stats = _stats(app)
    (record,) = read_log(log_dir)
    assert "language" not in record and record["service"] == "translation"
    assert stats["written_without_language"] == 1


def test_requests_without_a_service_are_not_written(log_dir: Path) -> None:
    app = make_app(log_dir)
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/no/such/route").status_code == 404
        stats = _stats(app)
    assert read_log(log_dir) == []
    assert stats["not_logged_without_service"] == 2


def test_invalid_values_are_left_out_and_counted(log_dir: Path) -> None:
    app = make_app(log_dir, log_without_language=True)
    with TestClient(app) as client:
        client.get("/v1/translate/bad/1")
        stats = _stats(app)
    (record,) = read_log(log_dir)
    assert "language" not in record and "input_chars" not in record and "output_tokens" not in record
    assert stats["invalid_values"] == 3


def test_a_file_id_without_a_salt_is_left_out(log_dir: Path) -> None:
    app = make_app(log_dir)
    with TestClient(app) as client:
        client.post("/v1/translate/job-7")
        stats = _stats(app)
    (record,) = read_log(log_dir)
    assert "file_id" not in record
    assert stats["file_ids_without_salt"] == 1


def test_a_short_salt_is_refused(log_dir: Path) -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        with TestClient(make_app(log_dir, file_id_salt="short")):
            pass


def test_a_trusted_request_id_header_is_used_only_when_it_is_a_plain_token(log_dir: Path) -> None:
    with TestClient(make_app(log_dir, request_id_header="X-Request-ID")) as client:
        client.post("/v1/translate/a", headers={"X-Request-ID": "gw-2025.03:abc-1"})
        client.post("/v1/translate/b", headers={"X-Request-ID": "jane.doe@example.com says hi"})
    first, second = read_log(log_dir)
    assert first["request_id"] == "gw-2025.03:abc-1"
    assert re.fullmatch(r"[0-9a-f]{32}", second["request_id"])


def test_the_client_address_is_written_only_when_asked(log_dir: Path, tmp_path: Path) -> None:
    with TestClient(make_app(log_dir)) as client:
        client.post("/v1/translate/a")
    other = tmp_path / "with-address"
    with TestClient(make_app(other, include_client_address=True)) as client:
        client.post("/v1/translate/a")
    assert "client_address" not in read_log(log_dir)[0]
    assert read_log(other)[0]["client_address"] == "testclient"


def test_a_service_resolver_callable_and_mounted_routes_give_full_templates(log_dir: Path) -> None:
    inner = FastAPI()

    @inner.get("/items/{item_id}")
    def item(item_id: int, u: UsageDep) -> dict[str, int]:
        u.language = "en"
        return {"item": item_id}

    @inner.get("/lang/{language}")
    def with_language(language: str, request: Request) -> dict[str, str]:
        usage(request).model = "m"
        return {}

    app = FastAPI()
    app.add_middleware(
        UsageLogMiddleware,
        directory=log_dir,
        services=lambda endpoint: "generation" if endpoint.startswith("/api/v2/") else None,
        log_without_language=True,
    )
    app.mount("/api/v2", inner)
    with TestClient(app) as client:
        client.get("/api/v2/items/12345")
        client.get("/api/v2/lang/ar")
    first, second = read_log(log_dir)
    assert first["endpoint"] == "/api/v2/items/{item_id}" and first["service"] == "generation"
    assert second["endpoint"] == "/api/v2/lang/{language}" and second["language"] == "ar"
    assert "12345" not in str(first)


def _stats(app: FastAPI) -> dict[str, int]:
    """The counters of the app's UsageLogMiddleware (the built middleware stack is walked)."""
    layer: Any = app.middleware_stack
    while layer is not None:
        if isinstance(layer, UsageLogMiddleware):
            return layer.stats.snapshot()
        layer = getattr(layer, "app", None)
    raise AssertionError("no UsageLogMiddleware in the stack")
