"""Writing usage records off the event loop: a bounded queue and one writer thread, one file per month and process."""

from __future__ import annotations

import atexit
import json
import logging
import os
import queue
import re
import socket
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_QUEUE_SIZE = 10_000
_BATCH_SIZE = 1_000
_WARNING_INTERVAL_SECONDS = 10.0


class UsageLogDirectoryError(RuntimeError):
    """The usage-log folder cannot be created or written: raised when the writer is made, that is at startup."""


@dataclass
class UsageLogStats:
    """Counters of what happened to records, safe to read from any thread (`snapshot()`)."""

    written: int = 0
    """Records written to a file."""
    dropped_queue_full: int = 0
    """Records dropped because the queue was full (the writer could not keep up)."""
    dropped_write_error: int = 0
    """Records lost because the file could not be written (disk full, folder removed)."""
    dropped_after_close: int = 0
    """Records submitted after the writer was closed."""
    not_logged_without_service: int = 0
    """Requests not written because no service was known (no route, health checks): ReportGen would refuse them."""
    not_logged_without_language: int = 0
    """Requests of a known service not written because no language was known (see `log_without_language`)."""
    written_without_language: int = 0
    """Records written without a language (only with `log_without_language=True`)."""
    invalid_values: int = 0
    """Values a handler set that were left out of a record (a negative count, a language that is not ISO 639-1)."""
    file_ids_without_salt: int = 0
    """`file_id` values left out because no `file_id_salt` was configured."""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, name: str, count: int = 1) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + count)

    @property
    def dropped(self) -> int:
        """Every record lost after it was made: queue full, write error, or after close."""
        with self._lock:
            return self.dropped_queue_full + self.dropped_write_error + self.dropped_after_close

    def snapshot(self) -> dict[str, int]:
        """The counters as a plain dict."""
        with self._lock:
            return {name: getattr(self, name) for name in _STAT_NAMES}


_STAT_NAMES = tuple(name for name in UsageLogStats.__dataclass_fields__ if not name.startswith("_"))


def default_instance() -> str:
    """`<hostname>-<pid>`, with characters other than letters, digits, `.`, `_` and `-` replaced by `-`."""
    host = re.sub(r"[^A-Za-z0-9._-]", "-", socket.gethostname()) or "host"
    return f"{host}-{os.getpid()}"


class _Flush:
    __slots__ = ("done",)

    def __init__(self) -> None:
        self.done = threading.Event()


_STOP = object()


class UsageLogWriter:
    """Writes records to `DIRECTORY/usage-YYYY-MM.<instance>.jsonl` from a background thread.

    `submit()` never blocks and never raises: when the queue is full the record is dropped and counted
    (`stats.dropped_queue_full`) and a warning is logged (at most once every 10 s, with the count). Each file has a
    single writer (this process), opened with `O_APPEND`; each batch is written with one `write()` call of whole
    lines, and a file left with a partial last line by a crash gets a newline before new records.

    - Parameters:
      - directory: the folder of the log; created if missing.
      - queue_size: records held in memory at most before new ones are dropped.
      - instance: the file-name part naming the writer; default `<hostname>-<pid>`.
      - check: check the folder now (default); `False` leaves it to `check_directory()`, which the middleware calls
        at application startup.
    - Raises: `UsageLogDirectoryError` when the folder cannot be created or a file cannot be created in it.
    """

    def __init__(
        self,
        directory: str | os.PathLike[str],
        *,
        queue_size: int = DEFAULT_QUEUE_SIZE,
        instance: str | None = None,
        logger: logging.Logger | None = None,
        check: bool = True,
    ) -> None:
        if queue_size < 1:
            raise ValueError(f"queue_size should be at least 1, found {queue_size}")
        self.directory = Path(directory)
        if instance is not None and not re.fullmatch(r"[A-Za-z0-9._-]+", instance):
            raise ValueError(f"instance should be letters, digits, '.', '_' or '-', found {instance!r}")
        self._instance = instance
        self.queue_size = queue_size
        self.stats = UsageLogStats()
        self._logger = logger or logging.getLogger("reportgen_usage")
        if check:
            self.check_directory()
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=queue_size)
        self._thread: threading.Thread | None = None
        self._state_lock = threading.Lock()
        self._closed = False
        self._files: dict[str, int] = {}
        self._last_warning = 0.0
        self._unreported_drops = 0

    def check_directory(self) -> None:
        """Creates the folder if missing and checks that a file can be created in it.

        - Raises: `UsageLogDirectoryError` naming the folder and the reason.
        """
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            descriptor, probe = tempfile.mkstemp(prefix=".reportgen-usage-probe-", dir=self.directory)
            os.close(descriptor)
            os.unlink(probe)
        except OSError as error:
            raise UsageLogDirectoryError(
                f"reportgen_usage: cannot write the usage log in {str(self.directory)!r}: {error.strerror or error}"
                " (set `directory` to a writable folder)"
            ) from error

    @property
    def instance(self) -> str:
        """The file-name part naming the writer: the one given, else `<hostname>-<pid>` of the process that asks (a
        writer made before a server forks its workers names each worker's files by that worker's pid)."""
        return self._instance or default_instance()

    def file_path(self, month: str) -> Path:
        """The file of a month (`YYYY-MM`) for this writer."""
        return self.directory / f"usage-{month}.{self.instance}.jsonl"

    @property
    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Starts the writer thread; does nothing when it runs already. Called by the middleware at startup."""
        if self._thread is not None:
            return
        with self._state_lock:
            if self._thread is not None or self._closed:
                return
            self._thread = threading.Thread(
                target=self._run, name=f"reportgen-usage-writer-{self.instance}", daemon=True
            )
            self._thread.start()
            # Without an ASGI lifespan nobody calls close(): flush what is queued when the interpreter exits.
            atexit.register(self.close)

    def reopen(self) -> None:
        """Lets a closed writer take records again; the next `start()` (or record) starts a new thread. The middleware
        calls it at each application startup for the writer it owns: an app can live through several lifespans (one
        per `with TestClient(app):` block). Does nothing when the writer is not closed, or when its thread outlived
        `close()`'s timeout."""
        with self._state_lock:
            if not self._closed or (self._thread is not None and self._thread.is_alive()):
                return
            self._closed = False
            self._thread = None

    def submit(self, month: str, record: Mapping[str, Any]) -> bool:
        """Queues a record for the file of `month` (`YYYY-MM`); `False` when it was dropped. Never blocks."""
        if self._thread is None and not self._closed:
            self.start()
        # The check and the put under the lock close() takes to mark the writer closed: a record either goes in the
        # queue before close()'s stop marker (and is written) or is counted as dropped after close, never neither.
        with self._state_lock:
            closed = self._closed
            full = False
            if not closed:
                try:
                    self._queue.put_nowait((month, record))
                except queue.Full:
                    full = True
        if closed:
            self.stats.add("dropped_after_close")
            self._warn_dropped("the usage-log writer is closed")
            return False
        if full:
            self.stats.add("dropped_queue_full")
            self._warn_dropped(f"the queue is full ({self.queue_size} records)")
            return False
        return True

    def _warn_dropped(self, reason: str) -> None:
        with self._state_lock:
            self._unreported_drops += 1
            now = time.monotonic()
            if now - self._last_warning < _WARNING_INTERVAL_SECONDS and self._last_warning != 0.0:
                return
            count, self._unreported_drops = self._unreported_drops, 0
            self._last_warning = now
        self._logger.warning(
            "reportgen_usage: dropped %d usage record(s): %s; %d dropped in all", count, reason, self.stats.dropped
        )

    def flush(self, timeout: float | None = 10.0) -> bool:
        """Waits until every record submitted before the call is written; `False` on timeout or when not running."""
        if not self.is_running:
            return self._queue.empty()
        marker = _Flush()
        try:
            self._queue.put(marker, timeout=timeout)
        except queue.Full:
            return False
        return marker.done.wait(timeout)

    def close(self, timeout: float | None = 10.0) -> None:
        """Writes what is queued, stops the thread and closes the files. Later records are dropped and counted."""
        with self._state_lock:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
        atexit.unregister(self.close)
        if thread is not None:
            try:
                self._queue.put(_STOP, timeout=timeout)
            except queue.Full:
                self._logger.error("reportgen_usage: the writer did not drain its queue within %s s", timeout)
            thread.join(timeout)
        if thread is None or not thread.is_alive():
            self._close_files(sync=True)
        if self.stats.dropped:
            self._logger.warning(
                "reportgen_usage: %d usage record(s) were dropped while this writer ran (%s)",
                self.stats.dropped,
                ", ".join(f"{k}={v}" for k, v in self.stats.snapshot().items() if k.startswith("dropped") and v),
            )

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            while len(batch) < _BATCH_SIZE:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            lines: dict[str, list[bytes]] = {}
            markers: list[_Flush] = []
            stop = False
            for item in batch:
                if item is _STOP:
                    stop = True
                elif isinstance(item, _Flush):
                    markers.append(item)
                else:
                    month, record = item
                    try:
                        line = json.dumps(record, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
                    except (TypeError, ValueError) as error:
                        self.stats.add("dropped_write_error")
                        self._logger.error("reportgen_usage: a usage record could not be encoded: %s", error)
                        continue
                    lines.setdefault(month, []).append(line.encode("utf-8") + b"\n")
            for month, month_lines in lines.items():
                self._write_month(month, month_lines)
            for marker in markers:
                marker.done.set()
            if stop:
                return

    def _write_month(self, month: str, lines: list[bytes]) -> None:
        path = self.file_path(month)
        try:
            descriptor = self._files.get(month)
            prefix = b""
            if descriptor is None:
                descriptor, prefix = self._open(path)
                self._files[month] = descriptor
                # Keep the files of the last two months open: late records of the previous month still land.
                for old in sorted(self._files)[:-2]:
                    os.close(self._files.pop(old))
            self.write_batch(descriptor, prefix + b"".join(lines))
        except OSError as error:
            self.stats.add("dropped_write_error", len(lines))
            self._close_month(month)
            self._logger.error("reportgen_usage: %d usage record(s) lost writing %s: %s", len(lines), path, error)
            return
        self.stats.add("written", len(lines))

    @staticmethod
    def _open(path: Path) -> tuple[int, bytes]:
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        size = os.fstat(descriptor).st_size
        if size == 0:
            return descriptor, b""
        with open(path, "rb") as existing:
            existing.seek(size - 1)
            return descriptor, b"" if existing.read(1) == b"\n" else b"\n"

    def write_batch(self, descriptor: int, data: bytes) -> None:
        """Appends whole lines to an open file: one `write()` call, repeated only if the kernel wrote less."""
        view = memoryview(data)
        while view:
            written = os.write(descriptor, view)
            view = view[written:]

    def _close_month(self, month: str) -> None:
        descriptor = self._files.pop(month, None)
        if descriptor is not None:
            try:
                os.close(descriptor)
            except OSError:
                pass

    def _close_files(self, *, sync: bool) -> None:
        for month in list(self._files):
            descriptor = self._files[month]
            if sync:
                try:
                    os.fsync(descriptor)
                except OSError:
                    pass
            self._close_month(month)
