"""The demo API (transcription, translation, generation) over stand-in models, writing ReportGen's usage log.

Run it: `uvicorn example.app:app` from `integrations/fastapi` (logs to ./usage-logs), or build one with
`create_app(...)` as the tests and `example/drive.py` do.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from fastapi import FastAPI, HTTPException
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from reportgen_usage import UsageLogMiddleware
from reportgen_usage.fastapi import UsageDep

from .models import ModelFailure, NLLBStandIn, OllamaStandIn, WhisperStandIn

#: Route prefixes → the service names `usage_services` maps in data/demo/reportgen.yaml.
SERVICES = {"/v1/transcribe": "transcription", "/v1/translate": "translation", "/v1/generate": "generation"}
WHISPER_MODEL = "faster-whisper large-v3 int8_float16"
NLLB_MODEL = "nllb-200-3.3B ct2 int8"
MISTRAL_MODEL = "mistral:7b-instruct-q4_0"


class TranscribeBody(BaseModel):
    file_id: str
    audio_seconds: float = Field(gt=0, description="Length of the uploaded audio (a stand-in for the file).")
    language: str | None = Field(default=None, description="Forced language; detected when absent.")
    spoken_language: str = Field(default="fr", description="What the stand-in 'hears' when detecting.")
    simulate_failure: bool = False


class TranslateBody(BaseModel):
    file_id: str
    text: str
    source_language: str
    target_language: str
    simulate_failure: bool = False


class GenerateBody(BaseModel):
    file_id: str
    prompt: str
    language: str
    max_tokens: int = Field(default=1000, gt=0)
    cached_prompt: bool = False
    stream: bool = False
    simulate_failure: bool = False


def create_app(
    log_directory: str | os.PathLike[str],
    *,
    time_scale: float = 0.001,
    clock: Callable[[], datetime] | None = None,
    file_id_salt: str = "example-salt-change-me-in-production",
    **middleware_options: Any,
) -> FastAPI:
    """The demo API. `time_scale` shortens every model's time (0.001: a 130 s transcription sleeps 0.13 s); the
    middleware's timer is divided by the same factor, so `duration_ms` and `gpu_seconds` read at real scale."""
    whisper = WhisperStandIn(time_scale)
    nllb = NLLBStandIn(time_scale)
    ollama = OllamaStandIn(time_scale)
    app = FastAPI(title="AI API (demo stand-ins)")
    app.add_middleware(
        UsageLogMiddleware,
        directory=log_directory,
        services=SERVICES,
        file_id_salt=file_id_salt,
        clock=clock,
        timer=lambda: time.perf_counter() / time_scale,
        **middleware_options,
    )

    @app.get("/healthz")
    def health() -> dict[str, str]:
        return {"status": "ok"}  # no service: not written to the usage log

    @app.post("/v1/transcribe")
    def transcribe(body: TranscribeBody, u: UsageDep) -> dict[str, Any]:
        u.model, u.file_id = WHISPER_MODEL, body.file_id
        if body.language:
            u.language = body.language
        if body.simulate_failure:
            raise ModelFailure("CUDA out of memory (simulated)")
        with u.gpu():  # segments is a generator: the decoding happens while it is consumed
            segments, info = whisper.transcribe(
                body.audio_seconds, language=body.language, spoken_language=body.spoken_language
            )
            text = "".join(segment.text for segment in segments)
        u.add_whisper(info)  # audio_seconds, audio_seconds_after_vad, and the language when it was detected
        u.output_chars = len(text)
        return {"language": info.language, "duration": info.duration, "characters": len(text)}

    @app.post("/v1/translate")
    def translate(body: TranslateBody, u: UsageDep) -> dict[str, Any]:
        u.model, u.file_id = NLLB_MODEL, body.file_id
        u.source_language, u.target_language = body.source_language, body.target_language
        u.input_chars, u.input_tokens = len(body.text), nllb.tokens(body.text)
        if body.simulate_failure:
            raise ModelFailure("CUDA out of memory (simulated)")
        with u.gpu():
            translated = nllb.translate(body.text, source=body.source_language, target=body.target_language)
        u.output_chars, u.output_tokens = len(translated), nllb.tokens(translated)
        return {"characters": len(translated)}

    @app.post("/v1/generate", response_model=None)
    async def generate(body: GenerateBody, u: UsageDep) -> dict[str, Any] | StreamingResponse:
        u.language, u.file_id, u.input_chars = body.language, body.file_id, len(body.prompt)
        if body.simulate_failure:
            raise HTTPException(status_code=503, detail="the model server is overloaded (simulated)")
        if body.stream:

            def chunks() -> Iterator[bytes]:
                characters = 0
                for chunk in ollama.stream(MISTRAL_MODEL, body.prompt, body.max_tokens):
                    characters += len(chunk.get("response", ""))
                    if chunk.get("done"):
                        u.add_ollama(chunk)  # tokens and busy time from the final chunk, ns → s
                        u.output_chars = characters
                    yield (json.dumps({"response": chunk.get("response", "")}) + "\n").encode()

            return StreamingResponse(chunks(), media_type="application/x-ndjson")
        response = await run_in_threadpool(
            ollama.generate, MISTRAL_MODEL, body.prompt, body.max_tokens, cached=body.cached_prompt
        )
        u.add_ollama(response)
        u.output_chars = len(response["response"])
        return {"response_characters": len(response["response"])}

    return app


def _default_app() -> FastAPI:
    return create_app(os.environ.get("USAGE_LOG_DIRECTORY", "usage-logs"))


def __getattr__(name: str) -> Any:  # `uvicorn example.app:app` builds the app on first access, not at import
    if name == "app":
        return _default_app()
    raise AttributeError(name)
