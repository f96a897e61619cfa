"""Reading usage figures from what the model servers return: Ollama's final response and faster-whisper's
`TranscriptionInfo`. Neither library is imported: the helpers read plain fields."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .languages import normalise_language

NANOSECONDS_PER_SECOND = 1_000_000_000


@dataclass(frozen=True)
class OllamaUsage:
    """The usage figures of one Ollama `/api/generate` or `/api/chat` call (its final object, `"done": true`).

    Ollama reports durations in nanoseconds and omits a field whose value is zero (its Go struct tags every metric
    `omitempty`; a prompt served from its cache has no `prompt_eval_count`). A missing field therefore reads as 0.
    """

    model: str | None
    input_tokens: int
    """`prompt_eval_count`: prompt tokens evaluated (0 when Ollama omitted it, as on a prompt-cache hit)."""
    output_tokens: int
    """`eval_count`: tokens generated."""
    total_seconds: float
    """`total_duration`: the whole call inside Ollama, seconds."""
    load_seconds: float
    """`load_duration`: loading the model; seconds here mean a cold start."""
    prompt_eval_seconds: float
    """`prompt_eval_duration`: the prefill, seconds."""
    eval_seconds: float
    """`eval_duration`: the generation, seconds."""

    @property
    def busy_seconds(self) -> float:
        """Time the model held the GPU: load, prefill and generation, seconds."""
        return self.load_seconds + self.prompt_eval_seconds + self.eval_seconds


def _count(response: Mapping[str, Any], key: str) -> int:
    value = response.get(key)
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"Ollama response: {key} should be a number, found {type(value).__name__}")
    return int(value)


def _seconds(response: Mapping[str, Any], key: str) -> float:
    return _count(response, key) / NANOSECONDS_PER_SECOND


def ollama_usage(response: Mapping[str, Any]) -> OllamaUsage:
    """Reads token counts and durations from an Ollama response dict (the final chunk when streaming).

    - Raises: `ValueError` when a count or duration is present but not a number.
    """
    model = response.get("model")
    return OllamaUsage(
        model=model if isinstance(model, str) and model else None,
        input_tokens=_count(response, "prompt_eval_count"),
        output_tokens=_count(response, "eval_count"),
        total_seconds=_seconds(response, "total_duration"),
        load_seconds=_seconds(response, "load_duration"),
        prompt_eval_seconds=_seconds(response, "prompt_eval_duration"),
        eval_seconds=_seconds(response, "eval_duration"),
    )


@dataclass(frozen=True)
class WhisperUsage:
    """The usage figures of one faster-whisper transcription (`segments, info = model.transcribe(...)`)."""

    audio_seconds: float
    """`info.duration`: the input audio, seconds (the billable audio minute)."""
    audio_seconds_after_vad: float | None
    """`info.duration_after_vad`: audio left after voice-activity detection, seconds (what the model decoded)."""
    language: str | None
    """`info.language`: the language the model transcribed (detected or forced), ISO 639-1, or `None`."""


def whisper_usage(info: Any) -> WhisperUsage:
    """Reads `duration`, `duration_after_vad` and `language` from a faster-whisper `TranscriptionInfo` (or any object
    or mapping with those names).

    - Raises: `ValueError` when `duration` is missing or not a number.
    """

    def field(name: str) -> Any:
        if isinstance(info, Mapping):
            return info.get(name)
        return getattr(info, name, None)

    duration = field("duration")
    if isinstance(duration, bool) or not isinstance(duration, (int, float)):
        raise ValueError("TranscriptionInfo: duration should be a number of seconds")
    after_vad = field("duration_after_vad")
    if isinstance(after_vad, bool) or not isinstance(after_vad, (int, float)):
        after_vad = None
    return WhisperUsage(
        audio_seconds=float(duration),
        audio_seconds_after_vad=float(after_vad) if after_vad is not None else None,
        language=normalise_language(field("language")),
    )
