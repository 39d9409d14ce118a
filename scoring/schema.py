"""JSON Schema for rubric files, generated from the same pydantic models that validate them.

Committed as ``rubrics/rubric.schema.json`` (and ``examples.schema.json``) for editor completion; a test
fails when the committed files drift from the code. Regenerate with ``callqa rubric schema``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scoring.conditions import COMBINATORS, ScopeSpec
from scoring.operators import OPERATORS
from scoring.rubric import Examples, RubricSpec

REF = "#/$defs/{model}"
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "rubrics"


def _model_schema(model: Any, defs: dict[str, Any]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template=REF)
    defs.update(schema.pop("$defs", {}))
    return dict(schema)


def condition_schema(defs: dict[str, Any]) -> dict[str, Any]:
    """A condition: a mapping with exactly one key, an operator or a combinator."""
    cond = {"$ref": "#/$defs/Condition"}
    options: list[dict[str, Any]] = []
    for name, op in OPERATORS.items():
        options.append({"type": "object", "additionalProperties": False, "required": [name],
                        "properties": {name: _model_schema(op.args, defs)}})
    scope = _model_schema(ScopeSpec, defs)
    scope["properties"]["when"] = cond
    scope["properties"]["anchor"] = cond
    combinator_bodies: dict[str, dict[str, Any]] = {
        "all": {"type": "array", "items": cond, "minItems": 1},
        "any": {"type": "array", "items": cond, "minItems": 1},
        "not": cond,
        "scope": scope,
    }
    assert set(combinator_bodies) == set(COMBINATORS)
    for name, body in combinator_bodies.items():
        options.append({"type": "object", "additionalProperties": False, "required": [name],
                        "properties": {name: body}})
    return {"oneOf": options, "description": "one key: an operator (" + ", ".join(OPERATORS) + ") or "
            + "/".join(COMBINATORS)}


def rubric_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    schema = _model_schema(RubricSpec, defs)
    defs["Condition"] = condition_schema(defs)
    defs["IndicatorSpec"]["properties"]["when"] = {"$ref": "#/$defs/Condition"}
    # a rubric either stands alone or extends a base that provides scorecard and indicators
    schema["required"] = [r for r in schema.get("required", []) if r not in ("scorecard", "indicators")]
    schema["anyOf"] = [{"required": ["extends"]}, {"required": ["scorecard", "indicators"]}]
    schema["$defs"] = dict(sorted(defs.items()))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "callqa rubric"
    return schema


def examples_schema() -> dict[str, Any]:
    schema = Examples.model_json_schema(ref_template=REF)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "callqa rubric example cases (one indicator)"
    return schema


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write(folder: Path = SCHEMA_DIR) -> list[Path]:
    out = [(folder / "rubric.schema.json", rubric_schema()), (folder / "examples.schema.json", examples_schema())]
    for path, schema in out:
        path.write_text(render(schema), encoding="utf-8")
    return [p for p, _ in out]
