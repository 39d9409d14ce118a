"""The committed JSON Schemas match the code, and the product rubric and its example files satisfy them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from scoring.schema import examples_schema, render, rubric_schema
from tests.conftest import REPO

RUBRICS = REPO / "rubrics"


def test_committed_schemas_are_current() -> None:
    for name, schema in (("rubric.schema.json", rubric_schema()), ("examples.schema.json", examples_schema())):
        committed = (RUBRICS / name).read_text(encoding="utf-8")
        assert committed == render(schema), f"rubrics/{name} is stale: run `callqa rubric schema`"


def test_default_rubric_and_examples_validate() -> None:
    rubric = jsonschema.Draft202012Validator(json.loads((RUBRICS / "rubric.schema.json").read_text()))
    for name in ("default.yaml", "credit_card.yaml"):
        assert list(rubric.iter_errors(yaml.safe_load((RUBRICS / name).read_text(encoding="utf-8")))) == [], name
    examples = jsonschema.Draft202012Validator(json.loads((RUBRICS / "examples.schema.json").read_text()))
    files = sorted((RUBRICS / "default.examples").glob("*.yaml"))
    indicators = yaml.safe_load((RUBRICS / "default.yaml").read_text(encoding="utf-8"))["indicators"]
    assert {f.stem for f in files} == {i["id"] for i in indicators}
    for f in files:
        assert list(examples.iter_errors(yaml.safe_load(f.read_text(encoding="utf-8")))) == [], f.name


def test_schema_rejects_what_the_loader_rejects(tmp_path: Path) -> None:
    rubric = jsonschema.Draft202012Validator(rubric_schema())
    data = yaml.safe_load((RUBRICS / "default.yaml").read_text(encoding="utf-8"))
    data["indicators"][0]["when"] = {"keyword": {"speaker": "agnt", "phrases": ["x"]}}
    data["indicators"][1]["when"] = {"keyword": {"phrases": ["x"]}, "silence": {"min_seconds": 3}}
    data["indicators"][2]["when"] = {"scope": {"sentences": [1, 2], "when": {"nope": {}}}}
    bad = {e.json_path.split(".when")[0] for e in rubric.iter_errors(data)}
    assert bad == {"$.indicators[0]", "$.indicators[1]", "$.indicators[2]"}
