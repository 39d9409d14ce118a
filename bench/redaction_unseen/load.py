"""The unseen redaction set (issue 14): hand-written lines in ``*.yaml`` beside this file, as evaluation records.

Each file holds ``domain`` and ``lines``; a line is ``{id, turn, text, pii, keep}`` where ``pii`` lists
``[TYPE, value]`` or ``[TYPE, value, nth]`` (``value`` an exact substring of ``text``, ``nth`` the 0-based
occurrence when it repeats) and ``keep`` lists personal-looking substrings that are NOT personal data and
must survive. Spans are computed here from the substrings, never counted by hand. Records have the shape
``bench/redaction_forms/evaluate.py`` scores: ``{id, source, text, spans: [{start, end, type}]}``.

Errors say file:line and the field, never the value (the values look like personal data).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from common.errors import CallqaError
from common.yamlpos import Path_, line_of, load_with_lines

HERE = Path(__file__).resolve().parent
TYPES = ("PHONE", "ID_CARD", "BANK_CARD", "EMAIL", "VERIFICATION_CODE", "PASSPORT", "LICENSE_PLATE",
         "SOCIAL_ACCOUNT", "BIRTH_DATE", "ADDRESS", "PERSON_NAME")
TURNS = ("agent", "customer", "chat", "email")
Record = dict[str, object]


class SetError(CallqaError):
    """A malformed line in the unseen set's YAML."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str


@dataclass(frozen=True)
class Line:
    id: str
    source: str
    text: str
    spans: tuple[Span, ...]
    keep: tuple[Span, ...]
    """Non-personal values that must survive, as spans (type ``KEEP``)."""

    def record(self) -> Record:
        return {"id": self.id, "source": self.source, "text": self.text,
                "spans": [{"start": s.start, "end": s.end, "type": s.type} for s in self.spans]}


def files() -> list[Path]:
    return sorted(HERE.glob("*.yaml"))


def lines() -> list[Line]:
    return [line for path in files() for line in load_file(path)]


def records() -> list[Record]:
    """Every line of every file, in file order: the ``unseen`` part of evaluate.py."""
    return [line.record() for line in lines()]


def load_file(path: Path) -> list[Line]:
    data, pos = load_with_lines(path.read_text(encoding="utf-8"))
    where = _Where(path, pos)
    if not isinstance(data, dict) or not isinstance(data.get("domain"), str) or not isinstance(
            data.get("lines"), list):
        raise SetError(where(()), "expected a mapping with 'domain' (text) and 'lines' (a list)")
    return [_line(where, data["domain"], i, raw) for i, raw in enumerate(data["lines"])]


@dataclass(frozen=True)
class _Where:
    path: Path
    pos: dict[Path_, int]

    def __call__(self, field: Path_) -> str:
        return f"{self.path.name}:{line_of(self.pos, ('lines', *field))}"


def _line(where: _Where, domain: str, i: int, raw: object) -> Line:
    if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in ("id", "turn", "text")):
        raise SetError(where((i,)), "a line needs 'id', 'turn' and 'text', each text", "quote numbers")
    if unknown := sorted(set(raw) - {"id", "turn", "text", "pii", "keep"}):
        raise SetError(where((i,)), f"unknown field(s) {', '.join(map(str, unknown))}; "
                       "allowed: id, turn, text, pii, keep",
                       "quote a text that holds ', ' or ': '")
    if raw["turn"] not in TURNS:
        raise SetError(where((i, "turn")), f"turn {raw['turn']!r} is not one of {', '.join(TURNS)}")
    text = raw["text"]
    spans = tuple(_span(where, (i, "pii", j), text, item) for j, item in enumerate(raw.get("pii") or []))
    keep = tuple(_span(where, (i, "keep", j), text, ["KEEP", *_listed(item)])
                 for j, item in enumerate(raw.get("keep") or []))
    _no_overlap(where, i, spans, keep)
    return Line(raw["id"], f"unseen/{domain}/{raw['turn']}", text, spans, keep)


def _listed(item: object) -> list[object]:
    return list(item) if isinstance(item, list) else [item]


def _span(where: _Where, field: Path_, text: str, item: object) -> Span:
    parts = _listed(item)
    if len(parts) not in (2, 3) or not isinstance(parts[1], str) or not parts[1]:
        raise SetError(where(field), "expected [TYPE, value] or [TYPE, value, nth] with a non-empty text value",
                       "quote values YAML would read as numbers")
    kind, value, nth = parts[0], parts[1], parts[2] if len(parts) == 3 else None
    if kind not in (*TYPES, "KEEP"):
        raise SetError(where(field), f"type {kind!r} is not one of {', '.join(TYPES)}")
    starts = [k for k in range(len(text)) if text.startswith(value, k)]
    if nth is None and len(starts) != 1:
        raise SetError(where(field), f"the value occurs {len(starts)} times in the text",
                       "use an exact substring; add nth (0-based) when it repeats")
    index = 0 if nth is None else nth
    if not isinstance(index, int) or not 0 <= index < len(starts):
        raise SetError(where(field), f"nth {nth!r} is not one of 0..{len(starts) - 1}")
    return Span(starts[index], starts[index] + len(value), str(kind))


def _no_overlap(where: _Where, i: int, spans: tuple[Span, ...], keep: tuple[Span, ...]) -> None:
    every = sorted((*spans, *keep), key=lambda s: s.start)
    for a, b in pairwise(every):
        if b.start < a.end:
            raise SetError(where((i,)), f"labelled values overlap ({a.type} and {b.type})",
                           "label each value once, without overlaps")
