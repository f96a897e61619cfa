"""ReportGen's usage log for FastAPI and Starlette: one JSON line per request, written off the event loop.

```python
from fastapi import Depends, FastAPI
from reportgen_usage import Usage, UsageLogMiddleware, usage

app = FastAPI()
app.add_middleware(UsageLogMiddleware, directory="/var/log/aiapi/usage")

@app.post("/v1/translate")
def translate(body: TranslateBody, u: Usage = Depends(usage)) -> dict[str, str]:
    u.service, u.source_language, u.target_language = "translation", body.source, body.target
    u.input_chars = len(body.text)
    with u.gpu():
        text = model.translate(body.text)
    u.output_chars = len(text)
    return {"text": text}
```
"""

from .helpers import OllamaUsage, WhisperUsage, ollama_usage, whisper_usage
from .languages import normalise_language
from .middleware import SCOPE_KEY, UsageLogMiddleware, usage
from .record import Usage, hash_file_id
from .writer import UsageLogDirectoryError, UsageLogStats, UsageLogWriter

__version__ = "0.1.0"

__all__ = [
    "SCOPE_KEY",
    "OllamaUsage",
    "Usage",
    "UsageLogDirectoryError",
    "UsageLogMiddleware",
    "UsageLogStats",
    "UsageLogWriter",
    "WhisperUsage",
    "hash_file_id",
    "normalise_language",
    "ollama_usage",
    "usage",
    "whisper_usage",
]
