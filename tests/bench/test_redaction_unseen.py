"""The unseen redaction set (bench/redaction_unseen): spans equal their labelled substrings, the set keeps the
coverage issue 14 asks for, numbers people would read from a real card or ID carry valid check digits, and a
malformed line is refused with file:line and without its value."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from bench.redaction_unseen.load import TYPES, SetError, lines, load_file, records
from transcripts.redaction.kinds import KINDS

MINIMUM = {t: 25 for t in TYPES} | {"ADDRESS": 50, "PERSON_NAME": 50}
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
LINES = lines()


def test_spans_equal_their_labelled_substrings() -> None:
    for rec, line in zip(records(), LINES, strict=True):
        assert rec["text"] == line.text
        for span, got in zip(line.spans, rec["spans"], strict=True):  # type: ignore[call-overload]
            assert line.text[got["start"]:got["end"]] == line.text[span.start:span.end], line.id
            assert got["type"] == span.type


def test_sizes_and_minimum_per_type() -> None:
    counts = Counter(s.type for line in LINES for s in line.spans)
    assert set(TYPES) <= set(KINDS)
    assert {t: counts[t] for t in TYPES if counts[t] < MINIMUM[t]} == {}
    assert len(LINES) >= 250 and sum(counts.values()) >= 350
    assert sum(1 for line in LINES if not line.spans and line.keep) >= 80
    assert len({line.id for line in LINES}) == len(LINES)


SPOKEN = str.maketrans("零一二三四五六七八九幺两叉xｘ", "012345678912XXX")


def _digits(value: str) -> str:
    """Written or spoken digits of a value, fillers and separators dropped."""
    return re.sub(r"[^0-9X]", "", value.translate(SPOKEN))


def test_written_ids_and_cards_carry_valid_check_digits() -> None:
    for line in LINES:
        for s in line.spans:
            value = _digits(line.text[s.start:s.end])
            if s.type == "ID_CARD" and re.fullmatch(r"\d{17}[\dX]", value):
                total = sum(int(d) * w for d, w in zip(value, ID_WEIGHTS, strict=False))
                assert "10X98765432"[total % 11] == value[-1], line.id
            if s.type == "BANK_CARD":
                assert _luhn(value), line.id


def _luhn(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


@pytest.mark.parametrize(("body", "message"), [
    ("  - {id: x, turn: agent, text: 号码是123 123, pii: [[PHONE, '123']]}",
     "t.yaml:3: the value occurs 2 times in the text (use an exact substring; add nth (0-based) when it repeats)"),
    ("  - {id: x, turn: agent, text: 号码是123, pii: [[PHONE, 123]]}",
     "t.yaml:3: expected [TYPE, value] or [TYPE, value, nth] with a non-empty text value "
     "(quote values YAML would read as numbers)"),
    ("  - {id: x, turn: boss, text: 好的}", "t.yaml:3: turn 'boss' is not one of agent, customer, chat, email"),
    ("  - {id: x, turn: agent, text: 退款 1, 580 元}",
     "t.yaml:3: unknown field(s) 580 元; allowed: id, turn, text, pii, keep (quote a text that holds ', ' or ': ')"),
    ("  - {id: x, turn: agent, text: 卡号123456, pii: [[CARD, '123456']]}",
     "t.yaml:3: type 'CARD' is not one of " + ", ".join(TYPES)),
])
def test_a_malformed_line_names_file_and_line_not_the_value(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(f"domain: test\nlines:\n{body}\n", encoding="utf-8")
    with pytest.raises(SetError) as err:
        load_file(path)
    assert str(err.value) == message
