"""No words, no score: silent recordings and empty transcripts are unscorable, flagged with a reason."""

from __future__ import annotations

import pytest

from scoring import load_rubrics, score_transcript
from scoring.scorable import NO_SPEECH, NO_TEXT, unscorable_reason
from tests.conftest import REPO
from transcripts.models import Segment, Transcript


def _t(channel: str, texts: list[str]) -> Transcript:
    return Transcript(call_id="X1", channel=channel,  # type: ignore[arg-type]
                      segments=tuple(Segment(speaker="agent", start=i, end=i + 1, text=t) for i, t in enumerate(texts)))


@pytest.mark.parametrize(("channel", "texts", "reason"), [
    ("phone", [], NO_SPEECH), ("phone", ["", " \n"], NO_SPEECH), ("chat", [], NO_TEXT), ("email", ["  "], NO_TEXT),
    ("phone", ["", "您好"], None), ("chat", ["好"], None),
])
def test_reason(channel: str, texts: list[str], reason: str | None) -> None:
    assert unscorable_reason(_t(channel, texts)) == reason


def test_unscorable_is_flagged_never_100() -> None:
    rubric = load_rubrics(REPO / "rubrics" / "routing.yaml").for_queue(None)
    result = score_transcript(_t("phone", []), rubric)
    assert result.unscorable and result.flagged and not result.passed
    assert result.score == 0.0 and result.flag_reasons == ("无有效语音，无法评分",) and result.severity == "yellow"
    assert result.hits == ()
    assert not score_transcript(_t("chat", ["您好，请问有什么可以帮您"]), rubric).unscorable
