"""The extension recipes of STYLE.md, carried out in a scratch copy: an indicator is YAML + examples only,
an operator is a module + one registry line + a table test, a detector is a class + one line. If one of
these needs more, the design is wrong and this test says so."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import pytest

from callqa.cli import main
from scoring import load_rubric
from scoring.examples import run_examples
from scoring.operators import OPERATORS
from tests.conftest import REPO
from tests.scoring.test_rubric_examples import check_indicator_invariants
from transcripts.redaction.detectors import build_detectors
from transcripts.redaction.detectors.base import Candidate
from transcripts.redaction.digits import DigitRun
from transcripts.redaction.engine import Redactor

SCRATCH_INDICATOR = """
  - id: R99
    title: 坐席承诺回电未给时间
    severity: blue
    dimension: 服务态度
    points: 1
    description: 坐席说稍后回电，却没有说明时间
    when:
      keyword: {speaker: agent, phrases: [稍后给您回电, 晚点回电话]}
"""
SCRATCH_EXAMPLES = """fires:
  - - {speaker: agent, text: 这个我稍后给您回电}
  - - {speaker: agent, text: 我晚点回电话给您}
  - - {speaker: customer, text: 好的}
    - {speaker: agent, text: 那我稍后给您回电吧}
not_fires:
  - - {speaker: agent, text: 我现在就帮您处理}
  - - {speaker: customer, text: 你们稍后给我回电}
  - - {speaker: agent, text: 请问还有什么可以帮您}
"""


def test_an_indicator_is_yaml_and_examples_only(tmp_path: Path) -> None:
    rubrics = tmp_path / "rubrics"
    shutil.copytree(REPO / "rubrics", rubrics)
    default = rubrics / "default.yaml"
    default.write_text(default.read_text(encoding="utf-8").rstrip("\n") + "\n" + SCRATCH_INDICATOR, encoding="utf-8")
    (rubrics / "default.examples" / "R99.yaml").write_text(SCRATCH_EXAMPLES, encoding="utf-8")
    rubric = load_rubric(default)
    check_indicator_invariants(rubric)
    results = [r for r in run_examples(rubric) if r.indicator == "R99"]
    assert len(results) == 6 and all(r.ok for r in results)
    assert main(["rubric", "test", str(rubrics / "routing.yaml")]) == 0  # the queue rubric inherits it too


def test_every_operator_module_is_registered_and_has_an_args_model() -> None:
    folder = REPO / "scoring" / "operators"
    registered = {op.evaluate.__module__ for op in OPERATORS.values()}
    modules = {f"scoring.operators.{p.stem}" for p in folder.glob("*.py") if p.stem != "__init__"}
    assert modules == registered, "add each operator module to OPERATORS (scoring/operators/__init__.py)"
    for name, op in OPERATORS.items():
        assert op.args.model_config.get("extra") == "forbid", f"{name}: its args model must forbid unknown keys"
        assert importlib.import_module(op.evaluate.__module__).__doc__, f"{name}: say what it matches and why"


class ScratchDetector:
    """A detector written by the recipe: data in attributes, one ``detect``."""

    name = "scratch_member_no"
    version = "0.1"
    cue = "会员号"

    def detect(self, text: str, runs: list[DigitRun]) -> list[Candidate]:
        at = text.find(self.cue)
        if at < 0:
            return []
        start = at + len(self.cue)
        return [Candidate(start, start + 6, "SOCIAL_ACCOUNT", self.name, self.version, 0.9, text[start:start + 6])]


@pytest.mark.model
def test_a_detector_is_one_class_and_one_line() -> None:
    base = build_detectors()
    with_scratch = Redactor((*base, ScratchDetector()))
    out = with_scratch.redact_text("我的会员号ABCDEF谢谢")
    assert out.text == "我的会员号〔社交账号〕谢谢"
    assert with_scratch.versions["scratch_member_no"] == "0.1"
    assert with_scratch.version != Redactor(base).version  # the fingerprint (cache key, audit record) follows
