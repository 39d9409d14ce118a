"""Issue 15: every bad input is contained — one table, the real flow, on SQLite AND PostgreSQL.

Each row is one delivery that used to crash the night (or score nonsense). All rows go into ONE inbox with
a good chat, and the night must complete: each bad row quarantined with its reason code and a reason that
names the field, each unscorable call in the review queue with a Chinese reason, the good chat processed.
"""

from __future__ import annotations

import json
import os
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from common.errors import ConfigError
from flows.nightly import nightly_qa
from scoring.scorable import NO_SPEECH, NO_TEXT
from storage.db import session_scope
from storage.models import QuarantineRecord, Run
from tests.flows import helpers as h
from tests.transcripts.audio_fixtures import write_wav

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_harness")]

NESTED = "[" * 1100 + "]" * 1100


def _raw(name: str, text: str) -> Callable[[Path], None]:
    return lambda box: (box / name).write_text(text, encoding="utf-8") and None


def _chat(name: str, **fields: object) -> Callable[[Path], None]:
    def build(box: Path) -> None:
        doc = h.chat(Path(name).stem, [("agent", "您好，请问有什么可以帮您")])
        doc.update(fields)
        h.write_json(box / name, doc)
    return build


def _call(name: str, sidecar: dict[str, object] | str, seconds: float = 1.0) -> Callable[[Path], None]:
    def build(box: Path) -> None:
        write_wav(box / name, seconds=seconds)
        side = box / f"{Path(name).stem}.json"
        side.write_text(sidecar if isinstance(sidecar, str) else json.dumps(sidecar, ensure_ascii=False),
                        encoding="utf-8")
    return build


def _symlink(box: Path) -> None:
    outside = box.parent / "outside.json"
    h.write_json(outside, h.chat("T-OUTSIDE", [("agent", "您好")]))
    os.symlink(outside, box / "T-LINK.json")


def _silent(box: Path) -> None:
    with wave.open(str(box / "C-SILENT.wav"), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(np.zeros((8000 * 3, 2), dtype=np.int16).tobytes())


LONG_ID = "T-" + "9" * 200
# file name → (how to deliver it, reason code, words the reason must contain)
QUARANTINED: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "T-DEEP.json": (_raw("T-DEEP.json", '{"call_id": "T-DEEP", "segments": [], "metadata": ' + NESTED + "}"),
                    "malformed_transcript", "nested deeper than 32 levels"),
    "C-DEEPSIDE.wav": (_call("C-DEEPSIDE.wav", '{"call_id": "C-DEEPSIDE", "metadata": {"x": ' + NESTED + "}}"),
                       "malformed_sidecar", "C-DEEPSIDE.json: JSON nested deeper than 32 levels"),
    "T-BIGINT.json": (_raw("T-BIGINT.json", '{"call_id": "T-BIGINT", "segments": [], "duration_s": ' + "9" * 5000
                           + "}"), "malformed_transcript", "more than 4300 digits"),
    "T-INF.json": (_raw("T-INF.json", '{"call_id": "T-INF", "segments": [{"speaker": "agent", "start": 1e999, '
                        '"end": 1e999, "text": "x"}]}'), "malformed_transcript", "overflows a float"),
    "T-NAN.json": (_raw("T-NAN.json", '{"call_id": "T-NAN", "duration_s": NaN, "segments": []}'),
                   "malformed_transcript", "NaN is not a number JSON allows"),
    "T-LATIN1.json": (lambda box: (box / "T-LATIN1.json").write_bytes('{"call_id": "T-LATIN1", "x": "é"}'
                                                                      .encode("latin-1")),
                      "malformed_transcript", "not UTF-8 text"),
    "T-LONGID.json": (_chat("T-LONGID.json", call_id=LONG_ID), "bad_call_id",
                      "call_id: String should have at most 128"),
    "T-NULID.json": (_chat("T-NULID.json", call_id="T-NUL\u0000X"), "bad_call_id", "call_id: Value error, contains "
                     "control characters U+0000"),
    "T-ESCID.json": (_chat("T-ESCID.json", call_id="T-\u001bESC"), "bad_call_id", "U+001B"),
    "C" + "x" * 150 + ".wav": (lambda box: write_wav(box / ("C" + "x" * 150 + ".wav")) and None, "bad_call_id",
                               "file name: String should have at most 128 characters"),
    "T-AGENT.json": (_chat("T-AGENT.json", agent_id="A" * 65), "malformed_transcript",
                     "agent_id: String should have at most 64 characters"),
    "T-TEXTNUL.json": (_chat("T-TEXTNUL.json", segments=[{"speaker": "agent", "start": 0, "end": 1,
                                                          "text": "您好\u0000"}]),
                       "malformed_transcript", "segments[0].text: Value error, contains the NUL character"),
    "C-QNUL.wav": (_call("C-QNUL.wav", {"call_id": "C-QNUL", "queue": "售\u0000后"}), "malformed_sidecar",
                   "queue: Value error, contains control characters U+0000"),
    "C-CUT.wav": (_call("C-CUT.wav", {"call_id": "C-CUT", "duration_s": 10.0}, seconds=2.0), "truncated",
                  "truncated: sidecar duration_s says 10.0 s but only 2.0 s decode"),
    "T-LINK.json": (_symlink, "symlink", "is a symbolic link"),
}
UNSCORABLE: dict[str, tuple[Callable[[Path], None], str]] = {
    "T-NOSEG": (_chat("T-NOSEG.json", segments=[]), NO_TEXT),
    "T-BLANK": (_chat("T-BLANK.json", segments=[{"speaker": "agent", "start": 0, "end": 1, "text": "  "},
                                                 {"speaker": "customer", "start": 1, "end": 2, "text": ""}]), NO_TEXT),
    "C-SILENT": (_silent, NO_SPEECH),
}


def test_every_bad_input_is_contained(tmp_path: Path, db_url: str) -> None:
    box = tmp_path / "inbox"
    box.mkdir()
    h.write_json(box / "T-CLEAN-1.json", h.CHAT_CLEAN)
    for build, _, _ in QUARANTINED.values():
        build(box)
    for build, _ in UNSCORABLE.values():
        build(box)
    summary = nightly_qa(inbox=str(box), db=db_url)

    got = {q["file"]: (q["reason_code"], q["reason"]) for q in summary["quarantined_this_run"]}
    for name, (_, code, words) in QUARANTINED.items():
        assert name in got, f"{name} not quarantined"
        assert got[name][0] == code and words in got[name][1], (name, got[name])
    assert set(got) == set(QUARANTINED)
    assert not [n for n in QUARANTINED if (box / n).exists() or (box / n).is_symlink()]  # all moved aside
    assert (tmp_path / "outside.json").is_file()  # the link was moved aside, its target neither read nor moved
    assert os.path.islink(next((box / "quarantine").rglob("T-LINK.json")))

    queue = {i["call_id"]: i for i in summary["queue"]}
    for call_id, (_, reason) in UNSCORABLE.items():
        item = queue[call_id]
        assert item["unscorable"] and item["reasons"] == [reason] and item["severity"] == "yellow", item
        assert item["score"] != 100 and item["hits"] == []
    assert not queue.get("T-CLEAN-1", {}).get("unscorable")
    assert h.states(db_url)["T-CLEAN-1"] in ("done", "queued")
    with session_scope(db_url) as s:
        assert s.get_one(Run, summary["run_id"]).status == "completed"
        calls = {q.file_name: q.call_id for q in s.scalars(select(QuarantineRecord))}
    assert calls["C" + "x" * 150 + ".wav"] is None  # an id that does not fit is not stored either


def test_rerun_adds_nothing_and_every_list_says_unscorable(tmp_path: Path, db_url: str,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from callqa.cli import main
    from callqa.pipeline.summary_text import summary_markdown

    box = tmp_path / "inbox"
    box.mkdir()
    QUARANTINED["T-DEEP.json"][0](box)
    UNSCORABLE["T-NOSEG"][0](box)
    summary = nightly_qa(inbox=str(box), db=db_url)
    first = h.counts(db_url)
    again = nightly_qa(inbox=str(box), db=db_url)
    assert h.counts(db_url) == first and again["quarantined_this_run"] == []
    assert "T-NOSEG 无法评分 截止" in summary_markdown(summary)
    capsys.readouterr()
    assert main(["queue", "list", "--db", db_url]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if "T-NOSEG" in ln)
    assert "无法评分" in line and NO_TEXT in line


@pytest.mark.parametrize("inbox", ["", "{repo}"])
def test_the_flow_refuses_a_missing_inbox_or_a_checkout(inbox: str, sqlite_url: str) -> None:
    from tests.conftest import REPO

    with pytest.raises(ConfigError, match=r"no inbox given|looks like a project checkout"):
        nightly_qa(inbox=inbox.replace("{repo}", str(REPO)), db=sqlite_url)
    assert not (REPO / "quarantine").exists()
