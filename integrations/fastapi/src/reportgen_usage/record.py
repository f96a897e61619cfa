"""The per-request record a handler fills in, and how it becomes one line of the usage log."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import math
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .helpers import OllamaUsage, WhisperUsage, ollama_usage, whisper_usage

#: Numeric fields a handler may set, in the order they are written.
NUMERIC_FIELDS: tuple[str, ...] = (
    "audio_seconds",
    "audio_seconds_after_vad",
    "input_chars",
    "output_chars",
    "input_tokens",
    "output_tokens",
    "energy_wh",
)


# The `gpu()` blocks open in the current thread or task, by `Usage._serial`. A context variable rather than a
# per-thread count: asyncio tasks share the event loop's thread, and their blocks overlap without nesting.
_OPEN_GPU_BLOCKS: ContextVar[frozenset[int]] = ContextVar("reportgen_usage_open_gpu_blocks", default=frozenset())
_SERIALS = itertools.count()


class Usage:
    """The usage of one request: the middleware fills in what it sees (arrival, route, status, wall time), and the
    handler sets what only it knows. Obtain it with `usage(request)` or `Depends(usage)`.

    Every field starts as `None` and a field left `None` is not written. Units: seconds, characters, tokens, Wh.
    Setting attributes and timing GPU work are safe from worker threads (`run_in_threadpool`, `def` endpoints).
    """

    __slots__ = (
        "request_id",
        "arrived_at",
        "service",
        "endpoint",
        "language",
        "source_language",
        "target_language",
        "audio_seconds",
        "audio_seconds_after_vad",
        "input_chars",
        "output_chars",
        "input_tokens",
        "output_tokens",
        "energy_wh",
        "model",
        "file_id",
        "_timer",
        "_lock",
        "_gpu_seconds",
        "_serial",
    )

    def __init__(self, request_id: str, arrived_at: datetime, timer: Callable[[], float] = time.perf_counter) -> None:
        self.request_id: str = request_id
        """An opaque identifier of the request (a random UUID unless a trusted header is configured)."""
        self.arrived_at: datetime = arrived_at
        """When the request arrived (aware datetime); written as `timestamp`."""
        self.service: str | None = None
        """The API's service name (`transcription`, `translation`, `generation`), as `usage_services` maps it."""
        self.endpoint: str | None = None
        """The route template; set by the middleware after routing, a handler may override it."""
        self.language: str | None = None
        """ISO 639-1 code of the language processed (for translation, the target)."""
        self.source_language: str | None = None
        self.target_language: str | None = None
        self.audio_seconds: float | None = None
        self.audio_seconds_after_vad: float | None = None
        self.input_chars: int | None = None
        self.output_chars: int | None = None
        self.input_tokens: int | None = None
        self.output_tokens: int | None = None
        self.energy_wh: float | None = None
        """Measured energy of this request, Wh. Leave it `None` unless it was measured: 0 would read as measured."""
        self.model: str | None = None
        """The model that served the request (`mistral:7b-instruct-q4_0`, `large-v3`, …)."""
        self.file_id: str | None = None
        """The processed file's identifier, in clear: it is written hashed (HMAC-SHA-256 with the configured salt)."""
        self._timer = timer
        self._lock = threading.Lock()
        self._gpu_seconds = 0.0
        self._serial = next(_SERIALS)

    @property
    def gpu_seconds(self) -> float:
        """Busy GPU time timed so far with `gpu()` or added with `add_gpu_seconds()`, seconds."""
        with self._lock:
            return self._gpu_seconds

    @contextmanager
    def gpu(self) -> Iterator[None]:
        """Times a block of busy GPU work and adds it to `gpu_seconds`: `with u.gpu(): result = model(...)`.

        Blocks accumulate; a block nested in another in the same thread or asyncio task counts once. Blocks in
        different threads or tasks each count (two GPUs busy for 1 s are 2 GPU-seconds). Time the iteration of a lazy
        result too (faster-whisper's `segments` is a generator: the decoding happens while it is consumed).
        """
        open_blocks = _OPEN_GPU_BLOCKS.get()
        if self._serial in open_blocks:
            yield  # inside a block of this request in the same thread or task: that block times it
            return
        _OPEN_GPU_BLOCKS.set(open_blocks | {self._serial})
        start = self._timer()
        try:
            yield
        finally:
            elapsed = self._timer() - start
            # set(), not reset(token): a block in a sync generator may end in another copy of the context (Starlette
            # runs each step of a sync streaming body in a worker thread), where reset() would raise.
            _OPEN_GPU_BLOCKS.set(open_blocks)
            with self._lock:
                self._gpu_seconds += max(elapsed, 0.0)

    def add_gpu_seconds(self, seconds: float) -> None:
        """Adds busy GPU time measured elsewhere (a model server's own timing), seconds."""
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds):
            raise ValueError(f"gpu seconds should be a finite number, found {seconds!r}")
        if seconds < 0:
            raise ValueError(f"gpu seconds should not be negative, found {seconds!r}")
        with self._lock:
            self._gpu_seconds += float(seconds)

    def add_ollama(self, response: Mapping[str, Any], *, busy: bool = True) -> OllamaUsage:
        """Adds one Ollama call's tokens (and, with `busy`, its load + prefill + generation time as GPU time) to this
        request; sets `model` when unset. Call it once per Ollama call; do not also wrap the call in `gpu()`.
        """
        figures = ollama_usage(response)
        with self._lock:
            self.input_tokens = (self.input_tokens or 0) + figures.input_tokens
            self.output_tokens = (self.output_tokens or 0) + figures.output_tokens
            if busy:
                self._gpu_seconds += figures.busy_seconds
            if self.model is None and figures.model is not None:
                self.model = figures.model
        return figures

    def add_whisper(self, info: Any) -> WhisperUsage:
        """Adds one faster-whisper transcription's audio seconds (and after-VAD seconds) to this request; sets
        `language` from `info.language` when the handler did not set it.
        """
        figures = whisper_usage(info)
        with self._lock:
            self.audio_seconds = (self.audio_seconds or 0) + figures.audio_seconds
            if figures.audio_seconds_after_vad is not None:
                self.audio_seconds_after_vad = (self.audio_seconds_after_vad or 0) + figures.audio_seconds_after_vad
            if self.language is None and figures.language is not None:
                self.language = figures.language
        return figures

    def __repr__(self) -> str:
        return f"Usage(request_id={self.request_id!r}, service={self.service!r}, language={self.language!r})"


def hash_file_id(file_id: str, salt: bytes) -> str:
    """`f-` and the first 16 hex digits (64 bits) of HMAC-SHA-256(salt, file_id): the same file gives the same id in
    every worker sharing the salt, and the id cannot be reversed or enumerated without the salt."""
    digest = hmac.new(salt, file_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return "f-" + digest[:16]


@dataclass
class RecordProblems:
    """What was wrong in what a handler set; each is left out of the record and counted."""

    invalid_fields: list[str] = field(default_factory=list)
    file_id_without_salt: bool = False


def clean_number(value: object) -> int | float | None:
    """A count or quantity as written to the log: a finite, non-negative int or float; `None` otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value < 0:
        return None
    return value
