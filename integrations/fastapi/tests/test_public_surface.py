"""The package's public surface, pinned: names, the quick start, dependencies, and no global state."""

from __future__ import annotations

import importlib.metadata
import inspect
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import pytest
from conftest import read_log
from fastapi import Depends, FastAPI, Request
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest

import reportgen_usage
from reportgen_usage import Usage, UsageLogMiddleware, usage

# An alias of one's own, as an app would define it (reportgen_usage.fastapi.UsageDep is the same).
UsageAlias = Annotated[Usage, Depends(usage)]


def test_the_public_names_are_pinned() -> None:
    assert sorted(reportgen_usage.__all__) == sorted(
        [
            "SCOPE_KEY", "OllamaUsage", "Usage", "UsageLogDirectoryError", "UsageLogMiddleware", "UsageLogStats",
            "UsageLogWriter", "WhisperUsage", "hash_file_id", "normalise_language", "ollama_usage", "usage",
            "whisper_usage",
        ]
    )
    options = inspect.signature(UsageLogMiddleware.__init__).parameters
    assert list(options)[:3] == ["self", "app", "directory"]
    assert {
        "writer", "services", "queue_size", "file_id_salt", "time_zone", "include_client_address",
        "request_id_header", "language_parameters", "source_language_parameters", "target_language_parameters",
        "log_without_language", "prometheus_registry", "instance", "clock", "timer", "logger",
    } <= set(options)
    assert all(options[name].kind is inspect.Parameter.KEYWORD_ONLY for name in list(options)[3:])
    assert options["include_client_address"].default is False


def test_starlette_is_the_only_required_dependency() -> None:
    requirements = importlib.metadata.requires("reportgen-usage") or []
    required = [r for r in requirements if "extra ==" not in r]
    assert [r.split(">")[0].split("=")[0].strip() for r in required] == ["starlette"]
    extras = importlib.metadata.metadata("reportgen-usage").get_all("Provides-Extra")
    assert set(extras or []) == {"prometheus", "test"}


def test_the_package_imports_without_fastapi_prometheus_or_duckdb() -> None:
    code = (
        "import sys\n"
        "for name in ('fastapi', 'prometheus_client', 'duckdb', 'pydantic'):\n"
        "    sys.modules[name] = None\n"
        "import reportgen_usage\n"
        "from starlette.applications import Starlette\n"
        "from starlette.middleware import Middleware\n"
        "Starlette(middleware=[Middleware(reportgen_usage.UsageLogMiddleware, directory=sys.argv[1])])\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(Path(sys.prefix) / "unused")], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "ok", result.stderr


def test_usage_works_as_a_call_a_dependency_and_an_annotated_alias(log_dir: Path) -> None:
    app = FastAPI()
    app.add_middleware(UsageLogMiddleware, directory=log_dir)
    @app.get("/call")
    def by_call(request: Request) -> dict[str, str]:
        u = usage(request)
        u.service, u.language = "generation", "fr"
        return {}

    @app.get("/depends")
    def by_depends(u: Usage = Depends(usage)) -> dict[str, str]:
        u.service, u.language = "generation", "en"
        return {}

    @app.get("/annotated")
    def by_annotated(u: UsageAlias) -> dict[str, str]:
        u.service, u.language = "generation", "es"
        return {}

    with TestClient(app) as client:
        for path in ("/call", "/depends", "/annotated"):
            assert client.get(path).status_code == 200
    assert [r["language"] for r in read_log(log_dir)] == ["fr", "en", "es"]


def test_usage_without_the_middleware_says_what_to_do() -> None:
    app = FastAPI()

    @app.get("/")
    def handler(request: Request) -> dict[str, str]:
        usage(request)
        return {}

    with TestClient(app) as client, pytest.raises(LookupError, match="add UsageLogMiddleware"):
        client.get("/")


def test_directory_or_writer_must_be_given() -> None:
    with pytest.raises(TypeError, match="either directory= or writer="):
        UsageLogMiddleware(FastAPI())


def test_prometheus_counters_go_to_the_registry_passed_in(log_dir: Path) -> None:
    before = {metric.name for metric in REGISTRY.collect()}
    registry = CollectorRegistry()
    app = FastAPI()
    app.add_middleware(UsageLogMiddleware, directory=log_dir, prometheus_registry=registry)

    @app.get("/v1/transcribe")
    def transcribe(u: Usage = Depends(usage)) -> dict[str, str]:
        u.service, u.language, u.audio_seconds = "transcription", "fr", 90.5
        u.input_tokens, u.output_tokens = 0, 400
        u.add_gpu_seconds(12.25)
        return {}

    @app.get("/v1/unknown")
    def unknown(u: Usage = Depends(usage)) -> dict[str, str]:
        u.service = "transcription"
        return {}

    with TestClient(app) as client:
        client.get("/v1/transcribe")
        client.get("/v1/transcribe")
        client.get("/v1/unknown")
        text = generate_latest(registry).decode()
    labels = 'language="fr",service="transcription"'
    assert f'reportgen_usage_requests_total{{{labels},status_class="2xx"}} 2.0' in text
    assert f"reportgen_usage_audio_seconds_total{{{labels}}} 181.0" in text
    assert f'reportgen_usage_tokens_total{{{labels},type="output"}} 800.0' in text
    assert f"reportgen_usage_gpu_busy_seconds_total{{{labels}}} 24.5" in text
    assert "reportgen_usage_records_written_total 2.0" in text
    assert 'reportgen_usage_requests_not_logged_total{reason="no_language"} 1.0' in text
    assert 'reportgen_usage_records_dropped_total{reason="queue_full"} 0.0' in text
    assert {metric.name for metric in REGISTRY.collect()} == before  # nothing went to the global registry


def test_two_apps_in_one_process_keep_separate_counters(log_dir: Path, tmp_path: Path) -> None:
    def app_writing_to(directory: Path) -> tuple[FastAPI, CollectorRegistry]:
        registry = CollectorRegistry()
        app = FastAPI()
        app.add_middleware(UsageLogMiddleware, directory=directory, prometheus_registry=registry, instance="one")

        @app.get("/")
        def handler(u: Usage = Depends(usage)) -> dict[str, str]:
            u.service, u.language = "generation", "fr"
            return {}

        return app, registry

    first, first_registry = app_writing_to(log_dir)
    second, second_registry = app_writing_to(tmp_path / "second")
    with TestClient(first) as a, TestClient(second) as b:
        a.get("/")
        b.get("/")
        b.get("/")
    assert first_registry.get_sample_value("reportgen_usage_records_written_total") == 1
    assert second_registry.get_sample_value("reportgen_usage_records_written_total") == 2
