"""Whatever the JSON parser refuses is an ``InputError`` naming the file, never the content (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.errors import InputError
from transcripts.io import MAX_DEPTH, json_depth, read_json
from transcripts.sidecar import load_sidecar


@pytest.mark.parametrize(("raw", "words"), [
    pytest.param(b"[" * 1100 + b"]" * 1100, "nested deeper than 32 levels", id="recursion"),
    pytest.param(b'{"a": ' * 40 + b"1" + b"}" * 40, "nested deeper than 32 levels", id="deep-but-parsable"),
    pytest.param(b'{"n": ' + b"7" * 5000 + b"}", "more than 4300 digits", id="huge-int"),
    pytest.param(b'{"n": 1e400}', "overflows a float", id="huge-float"),
    pytest.param(b'{"n": -Infinity}', "-Infinity is not a number JSON allows", id="infinity"),
    pytest.param(b'{"n": NaN}', "NaN is not a number JSON allows", id="nan"),
    pytest.param(b'{"a": "\xff"}', "not UTF-8 text (byte 7)", id="not-utf8"),
    pytest.param(b'{"a": 1,}', "not valid JSON at line 1 column 9", id="syntax"),
    pytest.param(b"  \n", "file is empty", id="blank"),
])
def test_refused(raw: bytes, words: str, tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(raw)
    with pytest.raises(InputError) as err:
        read_json(path, reason_code="malformed_transcript")
    assert err.value.message.startswith(f"{path}: ") and words in err.value.message
    assert err.value.reason_code == "malformed_transcript"
    assert "7777" not in err.value.message  # values are never echoed


def test_depth_is_measured_without_recursion() -> None:
    deep: list[object] = []
    node = deep
    for _ in range(5000):
        node.append([])
        node = node[0]  # type: ignore[assignment]
    assert json_depth(deep) == 5001
    assert json_depth({"a": [1, {"b": 2}]}) == 3 and MAX_DEPTH == 32


@pytest.mark.parametrize(("doc", "words"), [
    pytest.param('{"agent_id": "%s"}' % ("A" * 65), "agent_id: String should have at most 64 characters", id="agent"),
    pytest.param('{"queue": "a\\u0007b"}', "queue: Value error, contains control characters U+0007", id="queue"),
    pytest.param('{"call_id": "%s"}' % ("C" * 129), "call_id: String should have at most 128", id="call-id"),
    pytest.param('{"duration_s": 0}', "duration_s: Input should be greater than 0", id="duration"),
])
def test_sidecar_fields_are_bounded(doc: str, words: str, tmp_path: Path) -> None:
    path = tmp_path / "C1.json"
    path.write_text(doc, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_sidecar(path, "C1")
    assert words in err.value.message and err.value.reason_code == "malformed_sidecar"
