"""Bad rubric files: every error names file:line, the indicator and the field, and says what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring import RubricError, load_rubric
from scoring.errors import Issue

HEAD = """\
id: t
version: 1
scorecard: {响应速度: 20, 问题解决: 30, 服务态度: 25, 专业能力: 25}
policy: {escalation_indicator: R01}
indicators:
"""
GOOD = """\
  - id: R01
    title: 测试
    severity: red
    dimension: 服务态度
    points: 10
    when:
      keyword: {speaker: agent, phrases: [随便你]}
"""


def load(tmp_path: Path, indicators: str, head: str = HEAD) -> RubricError:
    path = tmp_path / "r.yaml"
    path.write_text(head + indicators, encoding="utf-8")
    with pytest.raises(RubricError) as info:
        load_rubric(path)
    return info.value


def test_good_rubric_loads(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(HEAD + GOOD, encoding="utf-8")
    rubric = load_rubric(path)
    assert [i.id for i in rubric.indicators] == ["R01"]
    assert rubric.version == "1" and len(rubric.hash) == 64


@pytest.mark.parametrize(("old", "new", "message"), [
    ("keyword: {speaker: agent,", "keyword: {speaker: agnt,",
     "r.yaml:12 indicator R01 when.keyword.speaker: 'agnt' is not one of agent, customer, any"),
    ("keyword:", "kwd:",
     "r.yaml:12 indicator R01 when.kwd: unknown operator 'kwd'; allowed: keyword, absence,"),
    ("phrases: [随便你]", "phrase: [随便你]",
     "r.yaml:12 indicator R01 when.keyword.phrase: unknown field; check the spelling against rubrics/README.md"),
    ("phrases: [随便你]", "regex: ['(随便']",
     "r.yaml:12 indicator R01 when.keyword.regex: regex[0] '(随便' does not compile: missing ), unterminated"),
    ("severity: red", "severity: orange", "r.yaml:8 indicator R01 severity: 'orange' is not one of red, yellow, blue"),
    ("dimension: 服务态度", "dimension: 态度",
     "r.yaml:9 indicator R01 dimension: '态度' is not one of 响应速度, 问题解决, 服务态度, 专业能力"),
    ("points: 10", "points: -3", "r.yaml:10 indicator R01 points: Input should be greater than or equal to 0"),
    ("  - id: R01\n", "  - title2: x\n", "r.yaml:6 indicator indicators[0] id: Field required"),
])
def test_error_messages(tmp_path: Path, old: str, new: str, message: str) -> None:
    err = load(tmp_path, GOOD.replace(old, new, 1))
    assert any(issue.render().removeprefix(str(tmp_path) + "/").startswith(message) for issue in err.issues), \
        err.message


def test_nested_path_in_combinators(tmp_path: Path) -> None:
    bad = GOOD.replace("      keyword: {speaker: agent, phrases: [随便你]}\n",
                       "      all:\n        - keyword: {phrases: [a]}\n        - not:\n"
                       "            keyword: {speaker: agnt, phrases: [b]}\n")
    err = load(tmp_path, bad)
    assert err.issues[0].render() == (f"{tmp_path}/r.yaml:15 indicator R01 when.all[1].not.keyword.speaker: "
                                      "'agnt' is not one of agent, customer, any")


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    second = GOOD.replace("R01", "R02").replace("severity: red", "severity: pink")
    err = load(tmp_path, GOOD.replace("speaker: agent", "speaker: agnt") + second)
    assert [(i.line, i.indicator, i.field) for i in err.issues] == [
        (15, "R02", "severity"), (12, "R01", "when.keyword.speaker")]


def test_duplicate_id(tmp_path: Path) -> None:
    err = load(tmp_path, GOOD + GOOD)
    assert err.issues[0].render().endswith(
        "r.yaml:13 indicator R01 id: duplicate id 'R01' (also indicators[0]); ids must be unique")


def test_points_without_dimension(tmp_path: Path) -> None:
    err = load(tmp_path, GOOD.replace("    dimension: 服务态度\n", ""))
    assert err.issues[0].field == "points" and "dimension" in err.issues[0].what


def test_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    err = load(tmp_path, GOOD + "  - id: [unclosed\n")
    assert err.issues[0].line == 14 and err.issues[0].field == "(yaml)"


def test_duplicate_key(tmp_path: Path) -> None:
    err = load(tmp_path, GOOD.replace("    points: 10\n", "    points: 10\n    points: 5\n"))
    assert err.issues[0].render() == f"{tmp_path}/r.yaml:11 points: duplicate key (keep one of them)"


def test_missing_file() -> None:
    with pytest.raises(RubricError) as info:
        load_rubric(Path("/nonexistent/rubric.yaml"))
    assert info.value.message.startswith("/nonexistent/rubric.yaml (file): cannot read rubric")


def test_error_is_config_error() -> None:
    from common.errors import ConfigError

    assert issubclass(RubricError, ConfigError)
    assert RubricError([Issue("f.yaml", 3, "severity", "bad")]).message == "f.yaml:3 severity: bad"
