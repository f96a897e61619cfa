"""Reading Ollama and faster-whisper results, and timing busy GPU work from handlers and threads."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import read_log
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.concurrency import run_in_threadpool

from reportgen_usage import Usage, UsageLogMiddleware, ollama_usage, whisper_usage
from reportgen_usage.fastapi import UsageDep

OLLAMA_SAMPLE = Path("/work/shared/research/measurement-samples/ollama-api-generate-final-response.json")
# The sample from Ollama's docs/api.md, inlined so that the test does not depend on the shared folder.
OLLAMA_FINAL = {
    "model": "llama3.2",
    "created_at": "2023-08-04T19:22:45.499127Z",
    "response": "The sky is blue because it is the color of the sky.",
    "done": True,
    "context": [1, 2, 3],
    "total_duration": 5043500667,
    "load_duration": 5025959,
    "prompt_eval_count": 26,
    "prompt_eval_duration": 325953000,
    "eval_count": 290,
    "eval_duration": 4709213000,
}


class FakeTimer:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def usage_record(timer: FakeTimer | None = None) -> Usage:
    from datetime import datetime, timezone

    return Usage("r", datetime(2025, 3, 1, tzinfo=timezone.utc), timer or time.perf_counter)


def test_ollama_final_response_reads_tokens_and_nanoseconds_as_seconds() -> None:
    if OLLAMA_SAMPLE.exists():
        assert json.loads(OLLAMA_SAMPLE.read_text()) == OLLAMA_FINAL
    figures = ollama_usage(OLLAMA_FINAL)
    assert (figures.input_tokens, figures.output_tokens, figures.model) == (26, 290, "llama3.2")
    assert figures.total_seconds == pytest.approx(5.043500667)
    assert figures.eval_seconds == pytest.approx(4.709213)
    # 0.005025959 load + 0.325953 prefill + 4.709213 generation
    assert figures.busy_seconds == pytest.approx(5.040191959)


def test_ollama_counts_omitted_on_a_cache_hit_read_as_zero() -> None:
    cached = {k: v for k, v in OLLAMA_FINAL.items() if not k.startswith("prompt_eval")}
    figures = ollama_usage(cached)
    assert figures.input_tokens == 0 and figures.prompt_eval_seconds == 0
    assert figures.output_tokens == 290


def test_ollama_field_of_the_wrong_kind_is_an_error() -> None:
    with pytest.raises(ValueError, match="eval_count"):
        ollama_usage({**OLLAMA_FINAL, "eval_count": "290"})


def test_add_ollama_accumulates_over_several_calls() -> None:
    u = usage_record()
    u.add_ollama(OLLAMA_FINAL)
    u.add_ollama({"model": "other", "eval_count": 10, "eval_duration": 1_000_000_000})
    assert (u.input_tokens, u.output_tokens, u.model) == (26, 300, "llama3.2")
    assert u.gpu_seconds == pytest.approx(6.040191959)


def test_whisper_info_reads_duration_after_vad_and_language() -> None:
    info = SimpleNamespace(language="es", language_probability=0.98, duration=774.5, duration_after_vad=651.2)
    figures = whisper_usage(info)
    assert (figures.audio_seconds, figures.audio_seconds_after_vad, figures.language) == (774.5, 651.2, "es")
    assert whisper_usage({"duration": 10, "language": None}).audio_seconds_after_vad is None
    with pytest.raises(ValueError, match="duration"):
        whisper_usage(SimpleNamespace(language="fr"))


def test_add_whisper_keeps_a_language_the_handler_set() -> None:
    u = usage_record()
    u.language = "fr"
    u.add_whisper(SimpleNamespace(language="en", duration=60.0, duration_after_vad=50.0))
    u.add_whisper(SimpleNamespace(language="en", duration=30.0, duration_after_vad=None))
    assert (u.language, u.audio_seconds, u.audio_seconds_after_vad) == ("fr", 90.0, 50.0)


def test_gpu_blocks_accumulate_and_a_nested_block_counts_once() -> None:
    timer = FakeTimer()
    u = usage_record(timer)
    with u.gpu():
        timer.now += 2.0
        with u.gpu():
            timer.now += 1.0
    with u.gpu():
        timer.now += 0.5
    assert u.gpu_seconds == pytest.approx(3.5)


def test_gpu_blocks_in_parallel_threads_each_count() -> None:
    u = usage_record()
    barrier = threading.Barrier(4)

    def work() -> None:
        barrier.wait()
        with u.gpu():
            time.sleep(0.05)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert u.gpu_seconds >= 0.2


def test_gpu_blocks_in_concurrent_asyncio_tasks_each_count_and_later_blocks_still_count() -> None:
    # Two tasks of one request overlap on the event loop's thread without nesting: A opens, B opens, A closes, B closes.
    timer = FakeTimer()
    u = usage_record(timer)

    async def request() -> None:
        a_open, b_open, a_closed = asyncio.Event(), asyncio.Event(), asyncio.Event()

        async def task_a() -> None:
            with u.gpu():
                a_open.set()
                await b_open.wait()
                timer.now += 1.0
            a_closed.set()

        async def task_b() -> None:
            await a_open.wait()
            with u.gpu():
                b_open.set()
                await a_closed.wait()
                timer.now += 1.0

        await asyncio.gather(task_a(), task_b())
        with u.gpu():  # after both: a block of its own
            timer.now += 0.5

    asyncio.run(request())
    assert u.gpu_seconds == pytest.approx(1.0 + 2.0 + 0.5)


def test_add_gpu_seconds_refuses_negative_and_non_finite_values() -> None:
    u = usage_record()
    for bad in (-1.0, float("inf"), True):
        with pytest.raises(ValueError):
            u.add_gpu_seconds(bad)
    u.add_gpu_seconds(1.25)
    assert u.gpu_seconds == 1.25


def test_gpu_time_from_run_in_threadpool_and_sync_handlers_reaches_the_record(log_dir: Path) -> None:
    app = FastAPI()
    app.add_middleware(UsageLogMiddleware, directory=log_dir)

    def model() -> str:
        time.sleep(0.03)
        return "ok"

    @app.get("/async")
    async def in_threadpool(u: UsageDep) -> dict[str, str]:
        u.service, u.language = "generation", "fr"

        def timed() -> str:
            with u.gpu():
                return model()

        return {"result": await run_in_threadpool(timed)}

    @app.get("/sync")
    def sync_handler(u: UsageDep) -> dict[str, str]:  # FastAPI runs it in a worker thread
        u.service, u.language = "generation", "en"
        with u.gpu():
            return {"result": model()}

    with TestClient(app) as client:
        client.get("/async")
        client.get("/sync")
    records = read_log(log_dir)
    assert [r["language"] for r in records] == ["fr", "en"]
    for record in records:
        assert 0.03 <= record["gpu_seconds"] < 1.0
        assert record["duration_ms"] >= record["gpu_seconds"] * 1000
