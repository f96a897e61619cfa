"""Stand-ins for the three models of the demo API. Each takes the time the real one would on an NVIDIA T4
(nc4as_t4_v3), multiplied by `time_scale` so that tests and the month driver run in seconds, and returns what the
real library returns (faster-whisper's `(segments, info)`, an Ollama response dict, a translated string).

Speeds, read from the demo usage log (data/demo/inputs/usage-log-2025-03.jsonl) and the research notes:
Whisper large-v3 decodes at 0.17 s per second of speech after VAD; NLLB-200 3.3B at 3.9 ms per input character;
Mistral 7B (Ollama, q4) generates about 41 tokens/s after a prefill of about 1,500 tokens/s.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

WHISPER_SECONDS_PER_SPEECH_SECOND = 0.17
VAD_KEPT_SHARE = 0.85
NLLB_SECONDS_PER_CHARACTER = 0.0039
CHARACTERS_PER_TOKEN = 4.3
MISTRAL_OUTPUT_TOKENS_PER_SECOND = 41.0
MISTRAL_PROMPT_TOKENS_PER_SECOND = 1500.0
NANOSECONDS = 1_000_000_000


class ModelFailure(RuntimeError):
    """A simulated failure of the model (out of GPU memory)."""


@dataclass(frozen=True)
class TranscriptionInfo:
    """The fields of faster-whisper's `TranscriptionInfo` the middleware reads."""

    language: str
    language_probability: float
    duration: float
    duration_after_vad: float


@dataclass(frozen=True)
class Segment:
    id: int
    start: float
    end: float
    text: str


class WhisperStandIn:
    """`transcribe(audio_seconds, language)` → `(segments, info)`, with segments a generator as in faster-whisper:
    the decoding time is spent while it is iterated."""

    def __init__(self, time_scale: float) -> None:
        self.time_scale = time_scale

    def transcribe(
        self, audio_seconds: float, *, language: str | None, spoken_language: str
    ) -> tuple[Iterator[Segment], TranscriptionInfo]:
        after_vad = audio_seconds * VAD_KEPT_SHARE
        info = TranscriptionInfo(
            language=language or spoken_language,
            language_probability=1.0 if language else 0.97,
            duration=audio_seconds,
            duration_after_vad=after_vad,
        )
        return self._segments(after_vad), info

    def _segments(self, speech_seconds: float) -> Iterator[Segment]:
        start = 0.0
        index = 0
        while start < speech_seconds:
            end = min(start + 30.0, speech_seconds)
            time.sleep((end - start) * WHISPER_SECONDS_PER_SPEECH_SECOND * self.time_scale)
            yield Segment(id=index, start=start, end=end, text=" …")
            start = end
            index += 1


class NLLBStandIn:
    """`translate(text, source, target)` → the translation (the same length, as NLLB roughly keeps it)."""

    def __init__(self, time_scale: float) -> None:
        self.time_scale = time_scale

    @staticmethod
    def tokens(text: str) -> int:
        return max(1, round(len(text) / CHARACTERS_PER_TOKEN))

    def translate(self, text: str, *, source: str, target: str) -> str:
        time.sleep(len(text) * NLLB_SECONDS_PER_CHARACTER * self.time_scale)
        return text[::-1]


class OllamaStandIn:
    """`generate(model, prompt, num_predict)` → the final `/api/generate` object, durations in nanoseconds;
    `stream()` yields the chunks, the last one carrying the metrics. A cached prompt omits `prompt_eval_count`, and a
    cold model reports a `load_duration` of seconds, as Ollama does."""

    def __init__(self, time_scale: float) -> None:
        self.time_scale = time_scale
        self._loaded: set[str] = set()

    def _metrics(self, model: str, prompt: str, num_predict: int, *, cached: bool) -> dict[str, Any]:
        load = 0.004 if model in self._loaded else 5.6
        self._loaded.add(model)
        prompt_tokens = 0 if cached else max(1, round(len(prompt) / CHARACTERS_PER_TOKEN))
        prompt_eval = prompt_tokens / MISTRAL_PROMPT_TOKENS_PER_SECOND
        evaluation = num_predict / MISTRAL_OUTPUT_TOKENS_PER_SECOND
        metrics: dict[str, Any] = {
            "model": model,
            "done": True,
            "done_reason": "length",
            "total_duration": round((load + prompt_eval + evaluation + 0.01) * NANOSECONDS),
            "load_duration": round(load * NANOSECONDS),
            "eval_count": num_predict,
            "eval_duration": round(evaluation * NANOSECONDS),
        }
        if prompt_tokens:  # Ollama omits zero counts (`omitempty`)
            metrics["prompt_eval_count"] = prompt_tokens
            metrics["prompt_eval_duration"] = round(prompt_eval * NANOSECONDS)
        return metrics

    def generate(self, model: str, prompt: str, num_predict: int, *, cached: bool = False) -> dict[str, Any]:
        metrics = self._metrics(model, prompt, num_predict, cached=cached)
        time.sleep(metrics["total_duration"] / NANOSECONDS * self.time_scale)
        return {**metrics, "response": "lorem " * (num_predict // 2)}

    def stream(self, model: str, prompt: str, num_predict: int, *, chunks: int = 4) -> Iterator[dict[str, Any]]:
        metrics = self._metrics(model, prompt, num_predict, cached=False)
        for _ in range(chunks):
            time.sleep(metrics["total_duration"] / NANOSECONDS / chunks * self.time_scale)
            yield {"model": model, "response": "lorem ", "done": False}
        yield {**metrics, "response": ""}
