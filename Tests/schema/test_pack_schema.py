"""pytest: the demo pack follows data/schema/pack.schema.json and every deliberately broken variant is rejected.

Run from the repository root with the test virtual environment (integrations/fastapi/run-tests.sh creates
.build/python-venv with jsonschema): .build/python-venv/bin/python -m pytest Tests/schema
The demo is built with $REPORTGEN_BIN, else .build/debug/reportgen; the tests are skipped without it.
"""
import json
import os
import pathlib
import subprocess
import sys

import jsonschema
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(pathlib.Path(__file__).parent))
from validate_packs import apply  # noqa: E402

SCHEMA = json.loads((ROOT / "data/schema/pack.schema.json").read_text(encoding="utf-8"))
VARIANTS = json.loads((ROOT / "Tests/schema/broken-variants.json").read_text(encoding="utf-8"))
BINARY = pathlib.Path(os.environ.get("REPORTGEN_BIN", ROOT / ".build/debug/reportgen"))


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    if not BINARY.exists():
        pytest.skip(f"no ReportGen binary at {BINARY}")
    out = tmp_path_factory.mktemp("demo") / "demo"
    index = subprocess.run(
        [str(BINARY), "demo", "--out", str(out), "--quiet"], check=True, capture_output=True, text=True
    ).stdout.strip()
    return json.loads((pathlib.Path(index).parent / "pack.json").read_text(encoding="utf-8"))


def validator():
    return jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_the_demo_pack_follows_the_schema(pack):
    errors = [error.message for error in validator().iter_errors(pack)]
    assert errors == []


@pytest.mark.parametrize("mutation", VARIANTS, ids=[variant["name"] for variant in VARIANTS])
def test_a_broken_pack_is_rejected(pack, mutation):
    assert not validator().is_valid(apply(pack, mutation))


def test_there_are_eighteen_broken_variants():
    assert len(VARIANTS) == 18
