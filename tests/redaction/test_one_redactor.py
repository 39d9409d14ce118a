"""`callqa redact` and the pipeline use exactly the same redactor (issue 14 point 7): one object per process
and depth, built by ``engine.build_redactor``, and the same output on the same text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from callqa.cli import main
from callqa.commands import redact
from callqa.config import Settings
from callqa.pipeline.process import transcribe_and_redact
from common.keys import KeyedHasher
from transcripts.redaction.engine import build_redactor

TEXTS = ["我的手机号是一三九三个八一二三四五", "邮箱 z h a n g 艾特 qq 点 com", "车牌滬Ａ１２３４５，退款128元",
         "您记一下，七六五四三二一八九", "订单号20261121000123"]


@pytest.mark.parametrize("depth", ["fast", "thorough"])
def test_cli_settings_and_flow_share_one_redactor(depth: str, monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    monkeypatch.setenv("CALLQA_NAME_SEARCH", depth)
    settings = Settings.load(db=f"sqlite:///{tmp_path / 'x.db'}")
    assert redact.redactor() is settings.redactor() is build_redactor(settings.name_search)
    assert settings.name_search == depth


def test_cli_output_equals_the_pipeline_redaction(tmp_path: Path, hasher: KeyedHasher) -> None:
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(TEXTS)),
                   encoding="utf-8")
    assert main(["redact", "--in", str(src), "--out", str(out)]) == 0
    cli = [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()]
    settings = Settings.load(db=f"sqlite:///{tmp_path / 'x.db'}")
    piped = []
    for i, text in enumerate(TEXTS):
        chat = tmp_path / f"chat{i}.json"
        chat.write_text(json.dumps({"call_id": f"C{i}", "channel": "chat", "segments": [
            {"speaker": "customer", "start": 0, "end": 1, "text": text}]}, ensure_ascii=False), encoding="utf-8")
        call = transcribe_and_redact(chat, "transcript", f"C{i}", settings.asr, hasher, settings.redactor())
        piped.append(call.transcript.segments[0].text)
    assert cli == piped
    assert cli[0] == "我的手机号是〔手机号〕" and "〔号码〕" in cli[3] and cli[4] == TEXTS[4]
    assert cli[2] == "车牌〔车牌号〕，退款128元" and "zhang" not in cli[1]
