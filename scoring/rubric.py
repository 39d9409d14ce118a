"""Rubric files: structure checked by pydantic, meaning checked across indicators, all errors at once."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from common.yamlpos import DuplicateKeyError, line_of, load_with_lines
from scoring import conditions
from scoring.conditions import Loc, Node
from scoring.errors import Issue, RubricError
from scoring.sound import DEFAULT_SOUND, Sound
from scoring.text import normalise

Severity = Literal["red", "yellow", "blue"]
SEVERITY_RANK = {"red": 3, "yellow": 2, "blue": 1}


class Turn(BaseModel):
    """One sentence of an example conversation; times (seconds) are filled in when left out."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    speaker: Literal["agent", "customer", "system"]
    text: str
    start: float | None = Field(default=None, ge=0)
    end: float | None = Field(default=None, ge=0)


class Examples(BaseModel):
    """``fires`` must fire, ``not_fires`` must not; ``known_misses`` should fire but do not yet."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fires: tuple[tuple[Turn, ...], ...] = ()
    not_fires: tuple[tuple[Turn, ...], ...] = ()
    known_misses: tuple[tuple[Turn, ...], ...] = ()


class Policy(BaseModel):
    """When a call goes to the review queue (indicators.md, flagging policy)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    flag_below: float = Field(default=80, ge=0, le=100)
    pass_score: float = Field(default=60, ge=0, le=100)
    """Scores below this fail the call on the scorecard (不合格); independent of flagging."""
    flag_red: bool = True
    yellow_distinct: int = Field(default=3, ge=1)
    calibration_share: float = Field(default=0.02, ge=0, le=1)
    escalation_indicator: str = "R31"
    escalation_window_days: int = Field(default=90, ge=1)
    escalation_hits: int = Field(default=2, ge=1)


class IndicatorSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Z][A-Z0-9_-]{1,15}$")
    title: str = Field(min_length=1, max_length=64)
    severity: Severity
    dimension: str | None = None
    points: float = Field(default=0, ge=0)
    fatal: bool = False
    max_deductions: int = Field(default=1, ge=1)
    description: str = ""
    sound: Sound | None = None
    """Default ``sound`` of this indicator's phrase blocks (a block's own ``sound`` wins), else the rubric's."""
    when: Any
    examples: Examples = Examples()


class RubricSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    id: str = Field(min_length=1, max_length=64)
    version: str = Field(min_length=1, max_length=32)
    title: str = ""
    extends: str | None = Field(default=None, description="base rubric file (relative); see rubrics/README.md")
    scorecard: dict[str, int]
    policy: Policy = Policy()
    sound: Sound = DEFAULT_SOUND
    """Default ``sound`` of every phrase block (exact | pinyin | fuzzy); indicators and blocks may override."""
    indicators: tuple[IndicatorSpec, ...]


@dataclass(frozen=True)
class Indicator:
    spec: IndicatorSpec
    when: Node

    @property
    def id(self) -> str:
        return self.spec.id


@dataclass(frozen=True)
class Rubric:
    id: str
    version: str
    title: str
    scorecard: dict[str, int]
    policy: Policy
    indicators: tuple[Indicator, ...]
    hash: str
    """sha256 of the canonical rubric content without examples (examples do not change scores)."""
    path: str


BUNDLED_RUBRIC = Path(__file__).resolve().parent.parent / "rubrics" / "default.yaml"
"""The bundled default rubric (one file of indicators); which rubric a run uses is ``Settings.rubric``."""


def load_rubric(path: Path | str) -> Rubric:
    """Read and check a rubric file. Raises ``RubricError`` listing every problem with file:line."""
    return _load_rubric(Path(path), ())


def load_rubric_text(text: str, path: Path | str) -> Rubric:
    """A rubric from stored ``text`` (a published version) as if it were the file at ``path``: ``extends``
    and example folders resolve from there, and errors name that path."""
    return _load_rubric(Path(path), (), text)


def _load_rubric(path: Path, seen: tuple[Path, ...], text: str | None = None) -> Rubric:
    where = str(path)
    try:
        data, lines = load_with_lines(path.read_text(encoding="utf-8") if text is None else text)
    except OSError as exc:
        raise RubricError([Issue(where, 0, "(file)", f"cannot read rubric: {exc.strerror}",
                                 fix="pass an existing file with --rubric or CALLQA_RUBRIC")]) from None
    except DuplicateKeyError as exc:
        raise RubricError([Issue(where, exc.line, exc.key, "duplicate key", fix="keep one of them")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RubricError([Issue(where, mark.line + 1 if mark else 0, "(yaml)",
                                 f"not valid YAML: {getattr(exc, 'problem', exc)}")]) from None
    parents: list[Path] = []
    if isinstance(data, dict) and "extends" in data:
        data, lines, parents = _extend(path, data, lines, (*seen, path.resolve()))
    rubric = build_rubric(data, lines, where)
    for folder in [*(examples_dir(p) for p in parents), examples_dir(path)]:
        rubric = attach_example_files(rubric, folder)
    return rubric


def _read(path: Path, where: str) -> tuple[Any, dict[Loc, int]]:
    try:
        return load_with_lines(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RubricError([Issue(where, 0, "extends", f"cannot read {path}: {exc.strerror}",
                                 fix="extends names a rubric file relative to this one")]) from None


def _extend(path: Path, data: dict[str, Any], lines: dict[Loc, int],
            _seen: tuple[Path, ...]) -> tuple[dict[str, Any], dict[Loc, int], list[Path]]:
    """``extends: base.yaml``: start from the base rubric's data; top-level keys given here replace the
    base's; indicators with a base id replace that indicator, new ids are appended. The base is fully
    validated on its own first, so errors in the merged data can only come from this file."""
    parent_path = (path.parent / str(data["extends"])).resolve()
    if parent_path in _seen:
        raise RubricError([Issue(str(path), line_of(lines, ("extends",)), "extends",
                                 "circular extends", fix="a rubric cannot extend itself, even indirectly")])
    _load_rubric(parent_path, _seen)  # validates the base (its errors name its own file and lines)
    parent, parent_lines = _read(parent_path, str(path))
    parents: list[Path] = []
    if "extends" in parent:
        parent, parent_lines, parents = _extend(parent_path, parent, parent_lines, (*_seen, parent_path))
    merged = {**{k: v for k, v in parent.items() if k != "extends"},
              **{k: v for k, v in data.items() if k not in ("extends", "indicators")}}
    base = list(parent.get("indicators") or [])
    position = {ind.get("id"): n for n, ind in enumerate(base) if isinstance(ind, dict)}
    remap: dict[int, int] = {}
    for k, ind in enumerate(data.get("indicators") or []):
        key = ind.get("id") if isinstance(ind, dict) else None
        if key in position:
            base[position[key]] = ind
            remap[k] = position[key]
        else:
            remap[k] = len(base)
            base.append(ind)
    merged["indicators"] = base
    merged_lines = {loc: line for loc, line in lines.items() if not (loc and loc[0] == "indicators")}
    for loc, line in lines.items():
        if len(loc) >= 2 and loc[0] == "indicators" and isinstance(loc[1], int) and loc[1] in remap:
            merged_lines[("indicators", remap[loc[1]], *loc[2:])] = line
    return merged, merged_lines, [*parents, parent_path]


def examples_dir(path: Path) -> Path:
    """Example cases live beside the rubric: ``rubrics/default.yaml`` → ``rubrics/default.examples/R01.yaml``."""
    return path.with_name(f"{path.stem}.examples")


def attach_example_files(rubric: Rubric, folder: Path) -> Rubric:
    """Merge each ``<indicator id>.yaml`` of ``folder`` into that indicator's examples (all errors at once)."""
    if not folder.is_dir():
        return rubric
    ids = {ind.id for ind in rubric.indicators}
    issues: list[Issue] = []
    loaded: dict[str, Examples] = {}
    for file in sorted(folder.glob("*.yaml")):
        where = str(file)
        if file.stem not in ids:
            issues.append(Issue(where, 0, "(file)", f"no indicator {file.stem!r} in {rubric.path}",
                                fix="name the file after an indicator id, e.g. R01.yaml"))
            continue
        try:
            data, lines = load_with_lines(file.read_text(encoding="utf-8"))
            loaded[file.stem] = Examples.model_validate(data or {})
        except DuplicateKeyError as exc:
            issues.append(Issue(where, exc.line, exc.key, "duplicate key", fix="keep one of them"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            issues.append(Issue(where, mark.line + 1 if mark else 0, "(yaml)",
                                f"not valid YAML: {getattr(exc, 'problem', exc)}"))
        except ValidationError as exc:
            issues += [Issue(where, line_of(lines, tuple(e["loc"])), _dotted(tuple(e["loc"])),
                             conditions._describe(e), file.stem) for e in exc.errors(include_url=False)]
    if issues:
        raise RubricError(issues)
    indicators = tuple(
        replace(ind, spec=ind.spec.model_copy(update={"examples": _merge(ind.spec.examples, loaded[ind.id])}))
        if ind.id in loaded else ind
        for ind in rubric.indicators
    )
    return replace(rubric, indicators=indicators)


def _merge(a: Examples, b: Examples) -> Examples:
    return Examples(fires=a.fires + b.fires, not_fires=a.not_fires + b.not_fires,
                    known_misses=a.known_misses + b.known_misses)


def build_rubric(data: Any, lines: dict[Loc, int], where: str) -> Rubric:
    problems: list[tuple[Loc, str]] = []
    try:
        spec = RubricSpec.model_validate(data)
    except ValidationError as exc:
        problems += [(tuple(e["loc"]), conditions._describe(e)) for e in exc.errors(include_url=False)]
        raw = data.get("indicators") if isinstance(data, dict) else None
        for k, ind in enumerate(raw if isinstance(raw, list) else []):
            if isinstance(ind, dict) and "when" in ind:  # report condition errors in the same pass
                conditions.parse(ind["when"], ("indicators", k, "when"), problems)
        raise _error(problems, data, lines, where) from None
    vocabulary = frozenset(_phrases(data.get("indicators")))
    nodes = [conditions.parse(ind.when, ("indicators", k, "when"), problems,
                              {"sound": ind.sound or spec.sound, "vocabulary": vocabulary})
             for k, ind in enumerate(spec.indicators)]
    problems += _meaning_problems(spec)
    if problems:
        raise _error(problems, data, lines, where)
    indicators = tuple(Indicator(s, n) for s, n in zip(spec.indicators, nodes, strict=True) if n is not None)
    return Rubric(spec.id, spec.version, spec.title, dict(spec.scorecard), spec.policy, indicators,
                  _content_hash(data), where)


def _phrases(node: Any) -> list[str]:
    """Every positive phrase (``phrases`` lists) of the rubric's conditions, normalised: the context that lets a
    short phrase match by sound (scoring.sound_match)."""
    if isinstance(node, dict):
        listed = node.get("phrases")
        own: list[Any] = listed if isinstance(listed, list) else []
        return [n for p in own if (n := normalise(str(p)))] + \
            [p for k, v in node.items() if k != "phrases" for p in _phrases(v)]
    if isinstance(node, list):
        return [p for item in node for p in _phrases(item)]
    return []


def _meaning_problems(spec: RubricSpec) -> list[tuple[Loc, str]]:
    out: list[tuple[Loc, str]] = []
    dims = ", ".join(spec.scorecard)
    if sum(spec.scorecard.values()) != 100:
        out.append((("scorecard",), f"dimension maxima add up to {sum(spec.scorecard.values())}, not 100"))
    if not spec.indicators:
        out.append((("indicators",), "no indicators; a rubric needs at least one"))
    seen: dict[str, int] = {}
    for k, ind in enumerate(spec.indicators):
        at: Loc = ("indicators", k)
        if ind.id in seen:
            out.append(((*at, "id"), f"duplicate id {ind.id!r} (also indicators[{seen[ind.id]}]); ids must be unique"))
        seen.setdefault(ind.id, k)
        if ind.dimension is not None and ind.dimension not in spec.scorecard:
            out.append(((*at, "dimension"), f"{ind.dimension!r} is not one of {dims}"))
        if ind.dimension is not None and ind.points == 0:
            out.append(((*at, "points"), "a scored indicator needs points > 0; remove 'dimension' for flag-only"))
        if ind.dimension is None and ind.points:
            out.append(((*at, "points"), "points need a 'dimension' to deduct from"))
    if spec.policy.escalation_indicator not in seen:
        out.append((("policy", "escalation_indicator"), f"{spec.policy.escalation_indicator!r} is no indicator id"))
    return out


def _error(problems: list[tuple[Loc, str]], data: Any, lines: dict[Loc, int], where: str) -> RubricError:
    issues = []
    for loc, what in problems:
        indicator, field = None, loc
        if len(loc) >= 2 and loc[0] == "indicators" and isinstance(loc[1], int):
            indicator, field = _indicator_id(data, loc[1]), loc[2:]
        issues.append(Issue(where, line_of(lines, loc), _dotted(field) or "(indicator)", what, indicator))
    return RubricError(issues)


def _indicator_id(data: Any, k: int) -> str:
    try:
        ind = data["indicators"][k]
        return str(ind["id"]) if isinstance(ind, dict) and "id" in ind else f"indicators[{k}]"
    except (KeyError, IndexError, TypeError):
        return f"indicators[{k}]"


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _content_hash(data: Any) -> str:
    content = dict(data)
    content["indicators"] = [{k: v for k, v in ind.items() if k != "examples"} for ind in data["indicators"]]
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()
