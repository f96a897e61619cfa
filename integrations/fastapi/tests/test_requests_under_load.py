"""Concurrency, streaming, background tasks, failures and back-pressure: every request gets exactly one record and
no request ever fails because of the log."""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import lifespan, read_log
from fastapi import BackgroundTasks, FastAPI, Request
from fastapi.responses import StreamingResponse
from fastapi.testclient import TestClient
from starlette.requests import ClientDisconnect

from reportgen_usage import UsageLogMiddleware, UsageLogWriter
from reportgen_usage.fastapi import UsageDep


def test_hundreds_of_concurrent_requests_give_one_whole_record_each(log_dir: Path) -> None:
    app = FastAPI()
    app.add_middleware(UsageLogMiddleware, directory=log_dir, services={"/v1/generate": "generation"})
    in_flight = 0
    most_in_flight = 0

    @app.get("/v1/generate/{n}")
    async def generate(n: int, u: UsageDep) -> dict[str, int]:
        nonlocal in_flight, most_in_flight
        in_flight += 1
        most_in_flight = max(most_in_flight, in_flight)
        u.language = ("fr", "en", "es")[n % 3]
        u.input_tokens, u.output_tokens = n, 2 * n
        await asyncio.sleep(0.02)
        in_flight -= 1
        return {"n": n}

    count = 400

    async def run() -> list[int]:
        async with lifespan(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                responses = await asyncio.gather(*(client.get(f"/v1/generate/{n}") for n in range(count)))
        return [response.status_code for response in responses]

    assert asyncio.run(run()) == [200] * count
    assert most_in_flight >= 100
    records = read_log(log_dir)  # every line parses: nothing interleaved
    assert sorted(r["input_tokens"] for r in records) == list(range(count))
    assert all(r["output_tokens"] == 2 * r["input_tokens"] for r in records)
    assert len({r["request_id"] for r in records}) == count
    assert {r["endpoint"] for r in records} == {"/v1/generate/{n}"}


def test_done_when_500_requests_from_20_threads_sum_per_service_and_language(log_dir: Path) -> None:
    """The acceptance test of issue 14: 500 requests from 20 threads, 500 records, sums equal to what was sent."""
    app = FastAPI()
    app.add_middleware(UsageLogMiddleware, directory=log_dir)
    services = ("transcription", "translation", "generation")
    languages = ("fr", "en", "es", "ar")

    @app.post("/v1/work")
    def work(body: dict[str, Any], u: UsageDep) -> dict[str, str]:
        u.service, u.language = str(body["service"]), str(body["language"])
        u.audio_seconds = float(body["audio_seconds"])
        u.input_chars, u.input_tokens, u.output_tokens = (int(body[k]) for k in ("chars", "in", "out"))
        with u.gpu():
            time.sleep(0.001)
        return {"ok": "yes"}

    bodies: list[dict[str, Any]] = [
        {
            "service": services[i % 3],
            "language": languages[(i // 3) % 4],
            "audio_seconds": round(0.5 + i * 1.25, 2),
            "chars": 100 + i,
            "in": 10 + i % 7,
            "out": 20 + i % 11,
        }
        for i in range(500)
    ]
    expected: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for body in bodies:
        key = (str(body["service"]), str(body["language"]))
        expected[key].update(
            requests=1, audio_centis=round(float(body["audio_seconds"]) * 100), input_chars=int(body["chars"]),
            input_tokens=int(body["in"]), output_tokens=int(body["out"]),
        )
    with TestClient(app) as client, ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(lambda body: client.post("/v1/work", json=body).status_code, bodies))
    assert statuses == [200] * 500
    records = read_log(log_dir)
    assert len(records) == 500
    found: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for r in records:
        found[(r["service"], r["language"])].update(
            requests=1, audio_centis=round(r["audio_seconds"] * 100), input_chars=r["input_chars"],
            input_tokens=r["input_tokens"], output_tokens=r["output_tokens"],
        )
        assert r["gpu_seconds"] >= 0.001
    assert found == expected


def test_a_streamed_response_is_recorded_after_its_last_chunk(log_dir: Path) -> None:
    app = FastAPI()
    app.add_middleware(UsageLogMiddleware, directory=log_dir, services={"/v1/generate": "generation"})

    @app.get("/v1/generate")
    def stream(u: UsageDep) -> StreamingResponse:
        u.language = "fr"

        def chunks() -> Iterator[bytes]:
            sent = 0
            for _ in range(5):
                with u.gpu():
                    time.sleep(0.02)
                sent += 3
                yield b"abc"
            u.output_chars = sent  # known only once the stream is over

        return StreamingResponse(chunks(), media_type="text/plain")

    with TestClient(app) as client:
        response = client.get("/v1/generate")
    assert response.text == "abc" * 5
    (record,) = read_log(log_dir)
    assert record["status"] == 200 and record["output_chars"] == 15
    assert record["gpu_seconds"] >= 0.1 and record["duration_ms"] >= 100


def test_background_task_work_is_counted_in_the_record(log_dir: Path) -> None:
    app = FastAPI()
    app.add_middleware(UsageLogMiddleware, directory=log_dir)

    @app.post("/v1/transcribe")
    def transcribe(background: BackgroundTasks, u: UsageDep) -> dict[str, str]:
        u.service, u.language = "transcription", "es"

        def later() -> None:
            with u.gpu():
                time.sleep(0.05)
            u.audio_seconds = 61.5

        background.add_task(later)
        return {"accepted": "yes"}

    with TestClient(app) as client:
        assert client.post("/v1/transcribe").status_code == 200
    (record,) = read_log(log_dir)
    assert record["audio_seconds"] == 61.5 and record["gpu_seconds"] >= 0.05


def test_a_handler_that_raises_gives_a_500_record(log_dir: Path) -> None:
    app = FastAPI()
    app.add_middleware(UsageLogMiddleware, directory=log_dir)

    @app.post("/v1/translate")
    def translate(u: UsageDep) -> dict[str, str]:
        u.service, u.target_language = "translation", "ar"
        raise RuntimeError("CUDA out of memory")

    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.post("/v1/translate").status_code == 500
    (record,) = read_log(log_dir)
    assert (record["status"], record["error_type"], record["language"]) == (500, "RuntimeError", "ar")
    assert "CUDA" not in str(record)  # the message may hold content: only the class is written


def test_a_stream_that_fails_midway_is_not_counted_as_a_file(log_dir: Path) -> None:
    app = FastAPI()
    app.add_middleware(UsageLogMiddleware, directory=log_dir)

    @app.get("/v1/generate")
    def stream(u: UsageDep) -> StreamingResponse:
        u.service, u.language = "generation", "en"

        def chunks() -> Iterator[bytes]:
            yield b"partial"
            raise ConnectionError("model server went away")

        return StreamingResponse(chunks())

    with TestClient(app, raise_server_exceptions=False) as client:
        client.get("/v1/generate")
    (record,) = read_log(log_dir)
    assert (record["status"], record["error_type"]) == (500, "ConnectionError")


def http_scope(path: str, method: str = "GET") -> dict[str, Any]:
    return {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
        "path": path, "raw_path": path.encode(), "root_path": "", "query_string": b"", "headers": [],
        "server": ("testserver", 80), "client": ("203.0.113.9", 50000), "state": {},
    }


def test_a_client_that_disconnects_mid_stream_gives_a_499_record(log_dir: Path) -> None:
    app = FastAPI()
    app.add_middleware(UsageLogMiddleware, directory=log_dir, services={"/v1": "generation"})

    @app.get("/v1/generate")
    async def stream(u: UsageDep) -> StreamingResponse:
        u.language = "en"

        async def tokens() -> Any:
            for _ in range(200):
                yield b"token "
                await asyncio.sleep(0.005)

        return StreamingResponse(tokens())

    async def client_goes_away_after_the_first_chunk() -> list[dict[str, Any]]:
        first_chunk = asyncio.Event()
        sent: list[dict[str, Any]] = []
        requested = False

        async def receive() -> dict[str, Any]:
            nonlocal requested
            if not requested:
                requested = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await first_chunk.wait()
            return {"type": "http.disconnect"}

        async def send(message: Any) -> None:
            sent.append(dict(message))
            if message["type"] == "http.response.body":
                first_chunk.set()

        async with lifespan(app):
            await app(http_scope("/v1/generate"), receive, send)
        return sent

    sent = asyncio.run(client_goes_away_after_the_first_chunk())
    assert sent[0]["status"] == 200 and sent[-1].get("more_body") is True  # the client got a cut body
    (record,) = read_log(log_dir)
    assert record["status"] == 499


def test_a_client_that_disconnects_while_the_body_is_read_gives_a_499_record(log_dir: Path) -> None:
    app = FastAPI()
    app.add_middleware(UsageLogMiddleware, directory=log_dir, services={"/v1": "transcription"})

    @app.post("/v1/transcribe")
    async def transcribe(request: Request, u: UsageDep) -> dict[str, int]:
        u.language = "fr"
        return {"bytes": len(await request.body())}

    async def client_goes_away_during_the_upload() -> None:
        messages: list[dict[str, Any]] = [
            {"type": "http.request", "body": b"RIFF", "more_body": True},
            {"type": "http.disconnect"},
        ]

        async def receive() -> dict[str, Any]:
            return messages.pop(0)

        async def send(message: Any) -> None:
            pass

        async with lifespan(app):
            with pytest.raises(ClientDisconnect):
                await app(http_scope("/v1/transcribe", "POST"), receive, send)

    asyncio.run(client_goes_away_during_the_upload())
    (record,) = read_log(log_dir)
    assert (record["status"], record["error_type"]) == (499, "ClientDisconnect")


class SlowWriter(UsageLogWriter):
    """A writer whose disk takes 50 ms per batch."""

    def write_batch(self, descriptor: int, data: bytes) -> None:
        time.sleep(0.05)
        super().write_batch(descriptor, data)


def test_back_pressure_drops_and_counts_records_while_requests_succeed(
    log_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    writer = SlowWriter(log_dir, queue_size=2)
    app = FastAPI()
    app.add_middleware(UsageLogMiddleware, writer=writer)

    @app.get("/v1/generate")
    def generate(u: UsageDep) -> dict[str, str]:
        u.service, u.language = "generation", "fr"
        return {}

    with caplog.at_level(logging.WARNING, logger="reportgen_usage"):
        with TestClient(app) as client, ThreadPoolExecutor(max_workers=10) as pool:
            started = time.perf_counter()
            statuses = list(pool.map(lambda _: client.get("/v1/generate").status_code, range(60)))
            elapsed = time.perf_counter() - started
        writer.close()
    assert statuses == [200] * 60
    stats = writer.stats.snapshot()
    assert stats["dropped_queue_full"] > 0
    assert stats["written"] + stats["dropped_queue_full"] == 60
    assert len(read_log(log_dir)) == stats["written"]
    assert elapsed < 60 * 0.05  # requests did not wait for the disk
    assert any("dropped" in message and "queue is full" in message for message in caplog.messages)


class FailingWriter(UsageLogWriter):
    def write_batch(self, descriptor: int, data: bytes) -> None:
        raise OSError(28, "No space left on device")


def test_a_disk_error_loses_records_but_never_fails_a_request(log_dir: Path) -> None:
    writer = FailingWriter(log_dir)
    app = FastAPI()
    app.add_middleware(UsageLogMiddleware, writer=writer)

    @app.get("/v1/generate")
    def generate(u: UsageDep) -> dict[str, str]:
        u.service, u.language = "generation", "fr"
        return {}

    with TestClient(app) as client:
        assert [client.get("/v1/generate").status_code for _ in range(3)] == [200] * 3
    writer.close()
    assert writer.stats.dropped_write_error == 3 and writer.stats.written == 0


def test_leaving_the_testclient_block_leaves_a_complete_log(log_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = UsageLogWriter.write_batch

    def slow_disk(self: UsageLogWriter, descriptor: int, data: bytes) -> None:
        time.sleep(0.02)  # the writer lags behind the requests: only the shutdown flush can catch up
        original(self, descriptor, data)

    monkeypatch.setattr(UsageLogWriter, "write_batch", slow_disk)
    threads_before = set(threading.enumerate())
    app = FastAPI()
    app.add_middleware(UsageLogMiddleware, directory=log_dir)

    @app.get("/v1/generate")
    def generate(u: UsageDep) -> dict[str, str]:
        u.service, u.language = "generation", "fr"
        return {}

    with TestClient(app) as client:
        for _ in range(250):
            client.get("/v1/generate")
        assert len(read_log(log_dir)) < 250  # still queued when the block ends
    assert len(read_log(log_dir)) == 250  # no sleep, no flush call: shutdown flushed it
    new_threads = set(threading.enumerate()) - threads_before
    assert not [t for t in new_threads if t.name.startswith("reportgen-usage-writer")]


def test_a_second_testclient_block_on_the_same_app_writes_its_records(log_dir: Path) -> None:
    # Starlette builds its middleware once per app, so one middleware sees every lifespan of a test module's app.
    app = FastAPI()
    app.add_middleware(UsageLogMiddleware, directory=log_dir)

    @app.get("/v1/generate")
    def generate(u: UsageDep) -> dict[str, str]:
        u.service, u.language = "generation", "fr"
        return {}

    for block in range(2):
        with TestClient(app) as client:
            client.get("/v1/generate")
        assert len(read_log(log_dir)) == block + 1
    stack = app.middleware_stack
    while not isinstance(stack, UsageLogMiddleware):
        stack = stack.app  # type: ignore[union-attr]
    assert stack.stats.dropped == 0


def test_files_are_named_per_month_and_process_and_created_only_with_a_record(log_dir: Path) -> None:
    writer = UsageLogWriter(log_dir)
    writer.start()
    assert list(log_dir.iterdir()) == []  # ReportGen refuses an empty input file: none is left behind
    writer.submit("2025-03", {"timestamp": "2025-03-31T23:59:59.000+02:00"})
    writer.submit("2025-04", {"timestamp": "2025-04-01T00:00:00.000+02:00"})
    writer.close()
    host_pid = writer.instance
    assert host_pid.endswith(f"-{os.getpid()}")
    assert sorted(p.name for p in log_dir.iterdir()) == [
        f"usage-2025-03.{host_pid}.jsonl",
        f"usage-2025-04.{host_pid}.jsonl",
    ]


def test_a_writer_made_before_the_workers_fork_names_files_by_the_worker_pid(
    log_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `writer=UsageLogWriter(...)` at import, then a pre-forking server (gunicorn --preload): each worker has its pid.
    writer = UsageLogWriter(log_dir)
    monkeypatch.setattr(os, "getpid", lambda: 424242)  # what os.getpid() returns in a forked worker
    writer.submit("2025-03", {"service": "generation"})
    writer.close()
    (path,) = log_dir.glob("usage-*.jsonl")
    assert path.name.endswith("-424242.jsonl")


def test_a_partial_last_line_left_by_a_crash_is_closed_before_new_records(log_dir: Path) -> None:
    writer = UsageLogWriter(log_dir, instance="api-1")
    path = writer.file_path("2025-03")
    path.write_bytes(b'{"timestamp":"2025-03-01T00:00:00Z","ser')
    writer.submit("2025-03", {"service": "generation"})
    writer.close()
    assert path.read_bytes() == b'{"timestamp":"2025-03-01T00:00:00Z","ser\n{"service":"generation"}\n'


def test_an_unwritable_folder_is_a_clear_error_at_startup(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    app = FastAPI()
    app.add_middleware(UsageLogMiddleware, directory=blocker / "usage")
    from reportgen_usage import UsageLogDirectoryError

    with pytest.raises(UsageLogDirectoryError, match=r"cannot write the usage log in .*not-a-folder/usage"):
        with TestClient(app):
            pass


def test_an_unwritable_folder_fails_the_lifespan_startup_as_a_server_sees_it(tmp_path: Path) -> None:
    # A server such as uvicorn reads an exception raised before `lifespan.startup.failed` as "lifespan unsupported"
    # and goes on serving; the middleware must report the failure through the lifespan protocol itself.
    from reportgen_usage import UsageLogDirectoryError

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    app = FastAPI()
    app.add_middleware(UsageLogMiddleware, directory=blocker / "usage")
    sent: list[dict[str, Any]] = []

    async def serve_lifespan() -> None:
        incoming: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        await incoming.put({"type": "lifespan.startup"})

        async def send(message: Any) -> None:
            sent.append(dict(message))

        with pytest.raises(UsageLogDirectoryError):
            await app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, incoming.get, send)

    asyncio.run(serve_lifespan())
    assert [message["type"] for message in sent] == ["lifespan.startup.failed"]
    assert "cannot write the usage log in" in sent[0]["message"] and "not-a-folder/usage" in sent[0]["message"]


def test_an_unwritable_folder_without_a_lifespan_never_fails_a_request(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    app = FastAPI()
    app.add_middleware(UsageLogMiddleware, directory=blocker / "usage", services={"/v1": "generation"})

    @app.get("/v1/generate")
    def generate(u: UsageDep) -> dict[str, str]:
        u.language = "en"
        return {"text": "ok"}

    client = TestClient(app)  # no `with`: no lifespan, as with a server started with lifespan off
    assert client.get("/v1/generate").status_code == 200


def test_a_record_submitted_while_the_writer_closes_is_written_or_counted(log_dir: Path) -> None:
    # close() runs in the shutdown thread while a request's record is on its way into the queue.
    writer = UsageLogWriter(log_dir)
    writer.start()
    original_put = writer._queue.put_nowait
    closing: list[threading.Thread] = []

    def put_while_closing(item: Any) -> None:
        closer = threading.Thread(target=writer.close)
        closing.append(closer)
        closer.start()
        deadline = time.monotonic() + 0.5
        while not writer._closed and time.monotonic() < deadline:  # close() gets in first when nothing stops it
            time.sleep(0.005)
        closer.join(0.2)
        original_put(item)

    writer._queue.put_nowait = put_while_closing  # type: ignore[method-assign]
    writer.submit("2025-03", {"service": "generation"})
    closing[0].join(5)
    assert writer.stats.written + writer.stats.dropped == 1, writer.stats.snapshot()


def test_records_submitted_after_close_are_counted(log_dir: Path) -> None:
    writer = UsageLogWriter(log_dir)
    writer.close()
    assert writer.submit("2025-03", {"service": "x"}) is False
    assert writer.stats.dropped_after_close == 1
