"""Optional Prometheus counters, registered in a registry the application passes in (none is global)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .writer import UsageLogStats

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry

UNKNOWN_LANGUAGE = "unknown"


class UsageMetrics:
    """Counters per service and language, updated once per request:

    - `reportgen_usage_requests_total{service, language, status_class}` (`2xx`, `4xx`, `5xx`, …)
    - `reportgen_usage_audio_seconds_total{service, language}`
    - `reportgen_usage_tokens_total{service, language, type}` (`type` is `input` or `output`, as OpenTelemetry's
      `gen_ai.token.type`)
    - `reportgen_usage_characters_total{service, language, direction}` (`input` or `output`)
    - `reportgen_usage_gpu_busy_seconds_total{service, language}`

    and, read from the writer's counters at each scrape:

    - `reportgen_usage_records_written_total`
    - `reportgen_usage_records_dropped_total{reason}` (`queue_full`, `write_error`, `after_close`)
    - `reportgen_usage_requests_not_logged_total{reason}` (`no_service`, `no_language`)

    A request whose language is unknown has `language="unknown"`.

    - Raises: `ImportError` naming the extra to install when prometheus-client is absent.
    """

    def __init__(self, registry: CollectorRegistry, stats: UsageLogStats) -> None:
        try:
            from prometheus_client import Counter
        except ImportError as error:  # exercised only without the extra
            raise ImportError(
                "reportgen_usage: prometheus_registry needs prometheus-client:"
                " pip install 'reportgen-usage[prometheus]'"
            ) from error
        labels = ("service", "language")
        self.requests = Counter(
            "reportgen_usage_requests", "Requests by API service, language and HTTP status class.",
            (*labels, "status_class"), registry=registry,
        )
        self.audio_seconds = Counter(
            "reportgen_usage_audio_seconds", "Audio processed, seconds.", labels, registry=registry
        )
        self.tokens = Counter(
            "reportgen_usage_tokens", "Model tokens, by type (input, output).", (*labels, "type"), registry=registry
        )
        self.characters = Counter(
            "reportgen_usage_characters", "Characters in and out.", (*labels, "direction"), registry=registry
        )
        self.gpu_busy_seconds = Counter(
            "reportgen_usage_gpu_busy_seconds", "Busy GPU time, seconds.", labels, registry=registry
        )
        registry.register(_StatsCollector(stats))

    def observe(self, record: Mapping[str, Any]) -> None:
        """Counts one written record."""
        service = str(record.get("service", ""))
        language = str(record.get("language") or UNKNOWN_LANGUAGE)
        status = int(record.get("status", 0))
        self.requests.labels(service, language, f"{status // 100}xx").inc()
        for name, counter in (("audio_seconds", self.audio_seconds), ("gpu_seconds", self.gpu_busy_seconds)):
            value = record.get(name)
            if value:
                counter.labels(service, language).inc(value)
        for name, kind in (("input_tokens", "input"), ("output_tokens", "output")):
            value = record.get(name)
            if value:
                self.tokens.labels(service, language, kind).inc(value)
        for name, kind in (("input_chars", "input"), ("output_chars", "output")):
            value = record.get(name)
            if value:
                self.characters.labels(service, language, kind).inc(value)


class _StatsCollector:
    """Exposes the writer's counters at scrape time, so that drops counted in the writer thread are seen."""

    def __init__(self, stats: UsageLogStats) -> None:
        self._stats = stats

    def describe(self) -> list[Any]:
        return []

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import CounterMetricFamily

        snapshot = self._stats.snapshot()
        written = CounterMetricFamily("reportgen_usage_records_written", "Usage records written to the log.")
        written.add_metric([], snapshot["written"])
        yield written
        dropped = CounterMetricFamily(
            "reportgen_usage_records_dropped", "Usage records lost, by reason.", labels=["reason"]
        )
        for reason in ("queue_full", "write_error", "after_close"):
            dropped.add_metric([reason], snapshot[f"dropped_{reason}"])
        yield dropped
        skipped = CounterMetricFamily(
            "reportgen_usage_requests_not_logged",
            "Requests not written to the usage log, by reason (ReportGen would refuse them).",
            labels=["reason"],
        )
        skipped.add_metric(["no_service"], snapshot["not_logged_without_service"])
        skipped.add_metric(["no_language"], snapshot["not_logged_without_language"])
        yield skipped
