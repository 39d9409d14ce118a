"""Scorecard arithmetic, flag policy, calibration sampling and matching robustness."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.errors import ConfigError
from scoring import CallScore, Rubric, load_rubric, score_transcript
from scoring.engine import calibration_pick
from tests.conftest import REPO
from transcripts.models import Detection, Segment, Transcript

DEFAULT = load_rubric(REPO / "rubrics" / "default.yaml")
TIMING = ["R01", "R02", "R03", "R04", "R17", "R20"]

SMALL = """\
id: small
version: "2"
scorecard: {响应速度: 20, 问题解决: 30, 服务态度: 25, 专业能力: 25}
policy: {escalation_indicator: F1, calibration_share: 0}
indicators:
  - {id: A1, title: 甲, severity: blue, dimension: 响应速度, points: 15,
     when: {keyword: {speaker: agent, phrases: [甲]}}}
  - {id: A2, title: 乙, severity: blue, dimension: 响应速度, points: 15,
     when: {keyword: {speaker: agent, phrases: [乙]}}}
  - {id: Y1, title: 黄一, severity: yellow, dimension: 问题解决, points: 1, when: {keyword: {phrases: [黄一]}}}
  - {id: Y2, title: 黄二, severity: yellow, dimension: 问题解决, points: 1, when: {keyword: {phrases: [黄二]}}}
  - {id: Y3, title: 黄三, severity: yellow, dimension: 问题解决, points: 1, when: {keyword: {phrases: [黄三]}}}
  - {id: M1, title: 多次, severity: blue, dimension: 专业能力, points: 2, max_deductions: 3,
     when: {keyword: {speaker: agent, phrases: [多次]}}}
  - {id: F1, title: 只预警, severity: red, when: {keyword: {speaker: customer, phrases: [投诉]}}}
  - {id: Z1, title: 否决, severity: red, fatal: true, when: {keyword: {speaker: agent, phrases: [验证码]}}}
"""


@pytest.fixture
def small(tmp_path: Path) -> Rubric:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return load_rubric(path)


def call(*turns: tuple[str, str], channel: str = "phone", call_id: str = "C1") -> Transcript:
    segs = [Segment(speaker=sp, start=i * 3.0 + 0.5, end=i * 3.0 + 3.0, text=tx)
            for i, (sp, tx) in enumerate(turns)]
    return Transcript(call_id=call_id, channel=channel, segments=tuple(segs))


def hit_ids(result: CallScore) -> list[str]:
    return [h.indicator for h in result.hits]


def test_dimension_floors_at_zero(small: Rubric) -> None:
    r = score_transcript(call(("agent", "甲乙")), small)
    dim = {d.name: d for d in r.dimensions}["响应速度"]
    assert (dim.deductions, dim.score) == (30, 0)
    assert r.score == 80 and not r.flagged


def test_max_deductions_counts_sentences(small: Rubric) -> None:
    r = score_transcript(call(*[("agent", "多次")] * 5), small)
    assert r.hits[0].deduction == 6 and r.score == 94


def test_fatal_sets_score_zero(small: Rubric) -> None:
    r = score_transcript(call(("agent", "请告诉我验证码")), small)
    assert (r.score, r.fatal, r.flagged, r.severity) == (0, True, True, "red")
    assert r.flag_reasons == ("一票否决: Z1",)


def test_flag_only_deducts_nothing_but_flags(small: Rubric) -> None:
    r = score_transcript(call(("customer", "我要投诉")), small)
    assert r.score == 100 and r.hits[0].deduction == 0 and r.hits[0].dimension is None
    assert r.flag_reasons == ("红色风险: F1",)


def test_three_distinct_yellows_flag(small: Rubric) -> None:
    two = score_transcript(call(("agent", "黄一黄二")), small)
    three = score_transcript(call(("agent", "黄一黄二"), ("customer", "黄三")), small)
    assert not two.flagged and two.severity == "yellow"
    assert three.flagged and three.flag_reasons == ("黄色风险项 ≥ 3（Y1、Y2、Y3）",)


def test_low_score_flags(small: Rubric) -> None:
    r = score_transcript(call(("agent", "甲乙"), ("agent", "多次多次"), ("agent", "黄一")), small)
    assert r.score == 77 and r.flag_reasons == ("总分 77 < 80",)


def test_calibration_is_deterministic() -> None:
    picks = [calibration_pick(f"C{i:05d}", 0.02) for i in range(5000)]
    assert picks == [calibration_pick(f"C{i:05d}", 0.02) for i in range(5000)]
    assert 50 <= sum(picks) <= 150
    assert not calibration_pick("C1", 0) and calibration_pick("C1", 1)


def test_calibration_only_for_unflagged_calls(small: Rubric, tmp_path: Path) -> None:
    path = tmp_path / "all.yaml"
    path.write_text(SMALL.replace("calibration_share: 0", "calibration_share: 1"), encoding="utf-8")
    rubric = load_rubric(path)
    assert score_transcript(call(("agent", "您好")), rubric).calibration
    assert not score_transcript(call(("customer", "投诉")), rubric).calibration


def test_evidence_points_at_the_right_segment() -> None:
    t = call(("agent", "您好，工号1023，很高兴为您服务"), ("customer", "我要退款"), ("customer", "快点"),
             ("agent", "随便你，爱投诉就投诉"))
    hit = next(h for h in score_transcript(t, DEFAULT).hits if h.indicator == "R14")
    assert hit.segments == (3,)
    assert hit.evidence == "坐席：随便你，爱投诉就投诉"
    assert hit.reason.startswith("坐席使用不文明或负面用语：命中") and hit.deduction == 10


def test_traditional_spaced_input_still_matches() -> None:
    t = call(("agent", "您好 工號 1023 很高興為您服務"), ("agent", "隨 便 你"), ("agent", "請告訴我驗證碼"))
    ids = hit_ids(score_transcript(t, DEFAULT))
    assert "R14" in ids and "R28" in ids and "R21" not in ids


def test_timing_rules_not_applicable_for_chat() -> None:
    t = call(("customer", "在吗"), ("agent", "您好，请问有什么可以帮您"), channel="chat")
    r = score_transcript(t, DEFAULT)
    assert list(r.not_applicable) == TIMING
    assert not set(hit_ids(r)) & set(TIMING)


def test_timing_rule_fires_on_phone_with_evidence() -> None:
    segs = (Segment(speaker="agent", start=0.5, end=2.0, text="您好，工号1023，很高兴为您服务"),
            Segment(speaker="customer", start=2.5, end=4.0, text="查一下话费"),
            Segment(speaker="agent", start=4.5, end=5.0, text="好的"),
            Segment(speaker="agent", start=23.7, end=25.0, text="您的话费还有三十元"))
    r = score_transcript(Transcript(call_id="T", segments=segs), DEFAULT)
    r02 = next(h for h in r.hits if h.indicator == "R02")
    assert r02.segments == (2, 3)
    assert r02.evidence.endswith("静音 18.7 秒（5.0–23.7 秒）")
    assert "R03" in hit_ids(r) and not r.not_applicable


def test_pii_detection_on_agent_segment_only() -> None:
    t = call(("customer", "我的身份证号是〔身份证号〕"), ("agent", "好的，我念一下您的卡号"))
    det = [Detection(segment=1, start=0, end=5, type="BANK_CARD", detector="d", detector_version="1", confidence=1)]
    assert "R29" not in hit_ids(score_transcript(t, DEFAULT))
    r = score_transcript(t, DEFAULT, detections=det)
    assert "R29" in hit_ids(r) and r.fatal and r.score == 0


def test_raw_numbers_are_masked_in_evidence() -> None:
    r = score_transcript(call(("agent", "您的号码是13812345678")), DEFAULT)
    hit = next(h for h in r.hits if h.indicator == "R29")
    assert "13812345678" not in hit.evidence and "*******5678" in hit.evidence


def test_rubric_hash_ignores_examples(tmp_path: Path) -> None:
    text = (REPO / "rubrics" / "default.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(text.replace("烦不烦啊你", "烦不烦啊"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text.replace("随便你, 随你便,", "随便你,"), encoding="utf-8")
    assert load_rubric(tmp_path / "a.yaml").hash == DEFAULT.hash
    assert load_rubric(tmp_path / "b.yaml").hash != DEFAULT.hash


def test_rubric_path_is_the_flag_then_the_environment_then_the_bundled_routing(tmp_path: Path) -> None:
    from callqa.config import rubric_path

    mine = tmp_path / "r.yaml"
    mine.write_text("x")
    assert rubric_path(None, {}) == REPO / "rubrics" / "routing.yaml"
    assert rubric_path(None, {"CALLQA_RUBRIC": str(mine)}) == mine
    assert rubric_path(str(mine), {"CALLQA_RUBRIC": "/elsewhere.yaml"}) == mine
    with pytest.raises(ConfigError) as err:
        rubric_path(None, {"CALLQA_RUBRIC": "/nope/r.yaml"})
    assert err.value.message == ("/nope/r.yaml: rubric file not found (pass an existing file with --rubric or "
                                 "CALLQA_RUBRIC (default rubrics/routing.yaml))")


def test_hits_carry_the_matched_span_of_the_stored_sentence() -> None:
    t = Transcript(call_id="S1", segments=(
        Segment(speaker="agent", start=0, end=2, text="您好，工号1023"),
        Segment(speaker="agent", start=3, end=5, text="那你就 隨便你 吧！"),  # spaced and Traditional
    ))
    hit = next(h for h in score_transcript(t, DEFAULT).hits if h.indicator == "R14")
    (m,) = hit.matches
    assert (m.segment, t.segments[1].text[m.start:m.end], m.text) == (1, "隨便你", "隨便你")
    assert all(not h.matches for h in score_transcript(t, DEFAULT).hits if h.indicator in ("R12", "R22"))


def test_identity_check_rule_applies_to_phone_calls_only() -> None:
    lines = (Segment(speaker="customer", start=0, end=2, text="我要退货"),
             Segment(speaker="agent", start=3, end=5, text="好的，马上为您退款"))
    phone = Transcript(call_id="P", channel="phone", segments=lines)
    chat = Transcript(call_id="C", channel="chat", segments=lines)
    assert "R24" in [h.indicator for h in score_transcript(phone, DEFAULT).hits]
    assert "R24" not in [h.indicator for h in score_transcript(chat, DEFAULT).hits]
