"""The pure ASGI middleware: one usage record per HTTP request, written off the event loop."""

from __future__ import annotations

import logging
import os
import re
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone, tzinfo
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

import anyio.to_thread
from starlette.requests import ClientDisconnect, HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .languages import normalise_language
from .record import NUMERIC_FIELDS, Usage, clean_number, hash_file_id
from .routes import route_template
from .writer import DEFAULT_QUEUE_SIZE, UsageLogDirectoryError, UsageLogWriter

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry

    from .metrics import UsageMetrics

#: The scope key under which the request's `Usage` is kept.
SCOPE_KEY = "reportgen_usage"

#: The status written when the client went away before the end of the response (nginx's convention).
CLIENT_CLOSED_REQUEST = 499

ServiceResolver = Callable[[str], "str | None"]

_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def usage(request: HTTPConnection) -> Usage:
    """The usage record of the current request, to fill in from a handler; also a FastAPI dependency:
    `u: Usage = Depends(usage)`.

    - Raises: `LookupError` when `UsageLogMiddleware` is not installed on the application.
    """
    found = request.scope.get(SCOPE_KEY)
    if not isinstance(found, Usage):
        raise LookupError("reportgen_usage: no usage record on this request; add UsageLogMiddleware to the app")
    return found


def _prefix_resolver(prefixes: Mapping[str, str]) -> ServiceResolver:
    ordered = sorted(prefixes.items(), key=lambda item: len(item[0]), reverse=True)

    def resolve(endpoint: str) -> str | None:
        for prefix, service in ordered:
            if endpoint == prefix or endpoint.startswith(prefix.rstrip("/") + "/"):
                return service
        return None

    return resolve


class UsageLogMiddleware:
    """Writes ReportGen's usage log: one JSON line per HTTP request, with the route template, service, language,
    status, wall time and what the handler set on `usage(request)`.

    `app.add_middleware(UsageLogMiddleware, directory="/var/log/aiapi/usage")`

    Records go to `DIRECTORY/usage-YYYY-MM.<hostname>-<pid>.jsonl` through a bounded queue and a writer thread,
    started at application startup and flushed at shutdown (the ASGI lifespan). Nothing of the request or response
    content is read or written; the client address only with `include_client_address=True`.

    - Parameters:
      - directory: the folder of the log (created if missing). Give either it or `writer`.
      - writer: a `UsageLogWriter` you made (and close); the middleware starts it and flushes it at shutdown.
      - services: maps a route-template prefix to a service name (`{"/v1/transcribe": "transcription"}`, the longest
        prefix wins), or a callable from template to service; a handler's `u.service` takes precedence.
      - queue_size: records held in memory before new ones are dropped and counted (with `directory`).
      - file_id_salt: the secret key that hashes `file_id`; without it a `file_id` is left out (and counted).
      - time_zone: the zone of written timestamps and of the month in file names (default UTC).
      - include_client_address: also write the client's IP address as `client_address` (default off).
      - request_id_header: a trusted header to take `request_id` from (`"x-request-id"` behind a gateway that sets
        it); default none: a random UUID. A value that is not 1 to 128 of `[A-Za-z0-9._:-]` is replaced by a UUID.
      - language_parameters, source_language_parameters, target_language_parameters: path or query parameter names
        read for `language`, `source_language`, `target_language` when the handler did not set them.
      - log_without_language: write records whose language is unknown (ReportGen then sets them aside with an error
        naming the line); by default they are counted (`stats.not_logged_without_language`) and not written.
      - prometheus_registry: a `prometheus_client.CollectorRegistry` to register the counters in.
      - instance: the writer's part of the file name (default `<hostname>-<pid>`).
      - clock: the wall clock, an aware `datetime` (for replays and tests).
      - timer: the monotonic clock in seconds, used for `duration_ms` and `gpu()` (for replays and tests).
      - logger: where warnings go (default the `reportgen_usage` logger).
    - Raises: `UsageLogDirectoryError` (at startup) when the folder cannot be written.
    """

    def __init__(
        self,
        app: ASGIApp,
        directory: str | os.PathLike[str] | None = None,
        *,
        writer: UsageLogWriter | None = None,
        services: Mapping[str, str] | ServiceResolver | None = None,
        queue_size: int = DEFAULT_QUEUE_SIZE,
        file_id_salt: str | bytes | None = None,
        time_zone: tzinfo = timezone.utc,
        include_client_address: bool = False,
        request_id_header: str | None = None,
        language_parameters: Sequence[str] = ("language", "lang"),
        source_language_parameters: Sequence[str] = ("source_language", "src_lang", "source_lang"),
        target_language_parameters: Sequence[str] = ("target_language", "tgt_lang", "target_lang"),
        log_without_language: bool = False,
        prometheus_registry: CollectorRegistry | None = None,
        instance: str | None = None,
        clock: Callable[[], datetime] | None = None,
        timer: Callable[[], float] = time.perf_counter,
        logger: logging.Logger | None = None,
    ) -> None:
        if (directory is None) == (writer is None):
            raise TypeError("UsageLogMiddleware: give either directory= or writer=")
        self.app = app
        self._logger = logger or logging.getLogger("reportgen_usage")
        self._owns_writer = writer is None
        # The folder is checked at lifespan startup, not here: Starlette makes its middleware when the first ASGI
        # message arrives, and an exception at that point reads to uvicorn as "lifespan unsupported" (it goes on
        # serving, and every request fails) instead of a failed startup.
        self.writer: UsageLogWriter = writer or UsageLogWriter(
            directory,  # type: ignore[arg-type]  # not None here
            queue_size=queue_size,
            instance=instance,
            logger=self._logger,
            check=False,
        )
        self.stats = self.writer.stats
        if services is None:
            self._resolve_service: ServiceResolver | None = None
        elif callable(services):
            self._resolve_service = services
        else:
            self._resolve_service = _prefix_resolver(services)
        if isinstance(file_id_salt, str):
            file_id_salt = file_id_salt.encode("utf-8")
        if file_id_salt is not None and len(file_id_salt) < 16:
            raise ValueError("UsageLogMiddleware: file_id_salt should be at least 16 bytes of secret")
        self._salt = file_id_salt
        self._time_zone = time_zone
        self._include_client_address = include_client_address
        self._request_id_header = request_id_header.lower().encode("latin-1") if request_id_header else None
        self._language_parameters = tuple(language_parameters)
        self._source_parameters = tuple(source_language_parameters)
        self._target_parameters = tuple(target_language_parameters)
        self._log_without_language = log_without_language
        self._clock = clock or (lambda: datetime.now(self._time_zone))
        if self._clock().tzinfo is None:
            raise TypeError("UsageLogMiddleware: clock should return an aware datetime (with a time zone)")
        self._timer = timer
        self._warned: set[tuple[str, str]] = set()
        self._metrics: UsageMetrics | None = None
        if prometheus_registry is not None:
            from .metrics import UsageMetrics

            self._metrics = UsageMetrics(prometheus_registry, self.stats)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(scope, receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _lifespan(self, scope: Scope, receive: Receive, send: Send) -> None:
        first: Message | None = await receive()
        if first is not None and first["type"] == "lifespan.startup":
            try:
                await anyio.to_thread.run_sync(self.writer.check_directory)
            except UsageLogDirectoryError as error:
                # The server logs the message and stops; the app's own startup does not run.
                await send({"type": "lifespan.startup.failed", "message": str(error)})
                raise
            if self._owns_writer:
                self.writer.reopen()  # closed by a previous lifespan's shutdown
            self.writer.start()

        async def receive_startup() -> Message:
            nonlocal first
            if first is not None:
                message, first = first, None
                return message
            return await receive()

        async def send_flushed(message: Message) -> None:
            if message["type"] in ("lifespan.shutdown.complete", "lifespan.shutdown.failed"):
                await anyio.to_thread.run_sync(self._shutdown)
            await send(message)

        await self.app(scope, receive_startup, send_flushed)

    def _shutdown(self) -> None:
        if self._owns_writer:
            self.writer.close()
        elif not self.writer.flush():
            self._logger.warning("reportgen_usage: the usage log was not flushed within 10 s at shutdown")

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = self._timer()
        record = Usage(self._request_id(scope), self._clock(), self._timer)
        scope[SCOPE_KEY] = record
        arrival_scope = dict(scope)  # routing rewrites root_path and path_params of `scope` in place
        status: int | None = None
        content_language: str | None = None
        finished: float | None = None

        async def observe(message: Message) -> None:
            nonlocal status, content_language, finished
            kind = message["type"]
            if kind == "http.response.start":
                status = int(message["status"])
                for name, value in message.get("headers", ()):
                    if name.lower() == b"content-language":
                        content_language = value.decode("latin-1")
            elif (
                kind in ("http.response.body", "http.response.zerocopysend") and not message.get("more_body", False)
            ) or kind == "http.response.pathsend":
                finished = self._timer()
            await send(message)

        error: BaseException | None = None
        try:
            await self.app(scope, receive, observe)
        except BaseException as raised:
            error = raised
            raise
        finally:
            try:
                ended = finished if finished is not None else self._timer()
                self._finish(
                    record,
                    scope,
                    arrival_scope,
                    status,
                    finished is not None,
                    content_language,
                    (ended - started) * 1000,
                    error,
                )
            except Exception:  # a usage record must never fail the request
                self._logger.exception("reportgen_usage: could not record a request")

    def _request_id(self, scope: Scope) -> str:
        if self._request_id_header is not None:
            for name, value in scope.get("headers", ()):
                if name == self._request_id_header:
                    text: str = bytes(value).decode("latin-1")
                    if _SAFE_REQUEST_ID.fullmatch(text):
                        return text
                    break
        return uuid.uuid4().hex

    def _finish(
        self,
        record: Usage,
        scope: Scope,
        arrival_scope: Scope,
        status: int | None,
        completed: bool,
        content_language: str | None,
        duration_ms: float,
        error: BaseException | None,
    ) -> None:
        endpoint = record.endpoint or route_template(arrival_scope)
        service = record.service
        if not service and endpoint is not None and self._resolve_service is not None:
            service = self._resolve_service(endpoint)
        if not service or not isinstance(service, str):
            self.stats.add("not_logged_without_service")
            return
        parameters = self._parameters(scope)
        invalid: list[str] = []

        def language_of(value: str | None, names: Sequence[str], field: str) -> str | None:
            if value is not None:
                code = normalise_language(value)
                if code is None:
                    invalid.append(field)
                return code
            for name in names:
                if name in parameters:
                    code = normalise_language(parameters[name])
                    if code is None:
                        invalid.append(field)
                    return code
            return None

        source = language_of(record.source_language, self._source_parameters, "source_language")
        target = language_of(record.target_language, self._target_parameters, "target_language")
        language = language_of(record.language, (), "language")
        if language is None and record.language is None:
            language = target or normalise_language(content_language)
            if language is None:
                language = language_of(None, self._language_parameters, "language")

        if isinstance(error, ClientDisconnect):
            status = CLIENT_CLOSED_REQUEST  # the client went away while the app read the request
        elif error is not None:
            # An exception escaped the app: whatever started, the file was not processed. A cancellation (not an
            # Exception) after the whole response was sent leaves the status that was sent.
            if isinstance(error, Exception):
                status = 500
            elif status is None or not completed:
                status = CLIENT_CLOSED_REQUEST
        elif status is None:
            status = 500
        elif not completed:
            # The response started but its last byte was never sent: the client disconnected mid-stream (Starlette
            # then stops the stream and returns normally). The client got a cut body: not a file processed.
            status = CLIENT_CLOSED_REQUEST

        fields: dict[str, Any] = {
            "timestamp": record.arrived_at.astimezone(self._time_zone).isoformat(timespec="milliseconds"),
            "request_id": record.request_id,
            "service": service,
            "endpoint": endpoint or "",
        }
        if language is not None:
            fields["language"] = language
        if source is not None:
            fields["source_language"] = source
        if target is not None:
            fields["target_language"] = target
        fields["status"] = status
        fields["duration_ms"] = round(max(duration_ms, 0.0), 3)
        for name in NUMERIC_FIELDS:
            value = getattr(record, name)
            if value is None:
                continue
            cleaned = clean_number(value)
            if cleaned is None:
                invalid.append(name)
            else:
                fields[name] = cleaned
        gpu_seconds = record.gpu_seconds
        if gpu_seconds > 0:
            fields["gpu_seconds"] = round(gpu_seconds, 6)
        if isinstance(record.model, str) and record.model:
            fields["model"] = record.model
        if record.file_id is not None:
            if self._salt is None:
                self.stats.add("file_ids_without_salt")
                self._warn_once("file_id", service, "file_id was set but no file_id_salt is configured; left out")
            else:
                fields["file_id"] = hash_file_id(str(record.file_id), self._salt)
        if error is not None:
            fields["error_type"] = type(error).__name__
        if self._include_client_address and scope.get("client"):
            fields["client_address"] = str(scope["client"][0])
        if invalid:
            self.stats.add("invalid_values", len(invalid))
            self._warn_once(
                "invalid:" + ",".join(invalid), service, f"invalid values left out of records: {', '.join(invalid)}"
            )

        if language is None:
            if not self._log_without_language:
                self.stats.add("not_logged_without_language")
                self._warn_once(
                    "language", f"{service} {endpoint}", "requests without a known language are counted, not written"
                )
                return
            self.stats.add("written_without_language")
        month = fields["timestamp"][:7]
        if self.writer.submit(month, fields) and self._metrics is not None:
            self._metrics.observe(fields)

    def _parameters(self, scope: Scope) -> dict[str, str]:
        wanted = (*self._language_parameters, *self._source_parameters, *self._target_parameters)
        found: dict[str, str] = {}
        query = scope.get("query_string", b"")
        if query:
            for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
                if name in wanted and name not in found:
                    found[name] = value
        for name, value in (scope.get("path_params") or {}).items():
            if name in wanted:
                found[name] = str(value)
        return found

    def _warn_once(self, kind: str, where: str, message: str) -> None:
        key = (kind, where)
        if key in self._warned or len(self._warned) > 1000:
            return
        self._warned.add(key)
        self._logger.warning("reportgen_usage: %s (%s)", message, where)
