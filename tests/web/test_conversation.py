"""Highlighting evidence in place: spans cut the sentence, overlapping hits share a piece, stale spans fall back."""

from __future__ import annotations

import pytest

from callqa.web.conversation import HitView, Piece, build_turns, split_pieces

R = HitView(1, "R31", "red", (0,), ((0, 4, 8, "我要投诉"),))
Y = HitView(2, "R10", "yellow", (0,), ((0, 6, 10, "投诉你们"),))
T = HitView(3, "R02", "blue", (1,), ())
TEXT = "你这态度？我要投诉你们！"


@pytest.mark.parametrize(("spans", "expected"), [
    ([], [Piece(TEXT)]),
    ([(5, 9, R)], [Piece("你这态度？"), Piece("我要投诉", (1,), "red"), Piece("你们！")]),
    ([(5, 9, R), (7, 11, Y)], [Piece("你这态度？"), Piece("我要", (1,), "red"), Piece("投诉", (1, 2), "red"),
                               Piece("你们", (2,), "yellow"), Piece("！")]),
    ([(0, 12, Y)], [Piece(TEXT, (2,), "yellow")]),
])
def test_split_pieces(spans: list[tuple[int, int, HitView]], expected: list[Piece]) -> None:
    assert list(split_pieces(TEXT, spans)) == expected


def test_build_turns_marks_spans_and_whole_sentences() -> None:
    hit = HitView(1, "R31", "red", (0,), ((0, 5, 9, "我要投诉"),))
    turns = build_turns([(0, "customer", 1.0, 2.0, TEXT), (1, "agent", 3.0, 4.0, "嗯")], [hit, T])
    assert [p.text for p in turns[0].pieces if p.hit_ids] == ["我要投诉"]
    assert turns[0].hit_ids == (1,) and not turns[0].whole
    assert turns[1].whole and turns[1].hit_ids == (3,)


def test_a_span_that_no_longer_matches_the_text_marks_the_whole_sentence() -> None:
    stale = HitView(1, "R31", "red", (0,), ((0, 0, 4, "我要投诉"),))
    turn = build_turns([(0, "customer", 0.0, 1.0, TEXT)], [stale])[0]
    assert turn.whole and all(not p.hit_ids for p in turn.pieces)


def test_segment_notes_name_asr_flags_and_inferred_roles() -> None:
    from callqa.web.conversation import segment_notes

    notes = segment_notes([(0, [], 1.0), (1, ["repetition_loop"], 1.0), (2, None, 0.4), (3, None, None)])
    assert notes == {1: ["识别异常：重复内容已截断"], 2: ["说话人为推断（置信度 0.40）"]}
