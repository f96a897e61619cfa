"""No request or response content, no raw path and no client address reaches the log by default."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel

from reportgen_usage import UsageLogMiddleware
from reportgen_usage.fastapi import UsageDep

SECRETS = {
    "body": "BODY-SECRET-the patient's diagnosis",
    "path": "PATH-SECRET-jane-doe-contract",
    "query": "QUERY-SECRET-token",
    "header": "Bearer HEADER-SECRET",
    "response": "RESPONSE-SECRET-translated text",
    "file": "FILE-SECRET-scan-of-passport.pdf",
}


class Body(BaseModel):
    text: str


def test_body_path_query_headers_response_file_name_and_client_never_appear(log_dir: Path) -> None:
    app = FastAPI()
    app.add_middleware(
        UsageLogMiddleware, directory=log_dir, services={"/v1/translate": "translation"},
        file_id_salt="a-test-salt-of-enough-length",
    )

    @app.post("/v1/translate/{job_id}")
    def translate(job_id: str, body: Body, u: UsageDep) -> dict[str, str]:
        u.target_language, u.input_chars = "fr", len(body.text)
        u.file_id = SECRETS["file"]
        return {"text": SECRETS["response"]}

    with TestClient(app, client=("203.0.113.77", 51234)) as client:
        response = client.post(
            f"/v1/translate/{SECRETS['path']}",
            params={"q": SECRETS["query"]},
            headers={"Authorization": SECRETS["header"], "X-Request-ID": "REQUEST-ID-SECRET"},
            json={"text": SECRETS["body"]},
        )
    assert response.status_code == 200
    written = b"".join(path.read_bytes() for path in log_dir.iterdir()).decode()
    assert written.count("\n") == 1 and '"endpoint":"/v1/translate/{job_id}"' in written
    for name, secret in SECRETS.items():
        assert secret.split("-SECRET-")[-1] not in written, name
        assert "SECRET" not in written, name
    assert "203.0.113.77" not in written and "51234" not in written
