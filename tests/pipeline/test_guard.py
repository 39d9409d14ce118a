"""The deployment guard: only a plausible recordings inbox is accepted, by the CLI and by the flow."""

from __future__ import annotations

from pathlib import Path

import pytest

from callqa.pipeline.guard import check_inbox
from common.errors import ConfigError
from tests.transcripts.audio_fixtures import write_wav


def _checkout(root: Path) -> Path:
    for name in ("pyproject.toml", "Makefile", "README.md"):
        (root / name).write_text("x", encoding="utf-8")
    (root / ".git").mkdir()
    return root


@pytest.mark.parametrize(("build", "expected"), [
    pytest.param(lambda t: "", "inbox: no inbox given (empty parameter)", id="empty"),
    pytest.param(lambda t: "   ", "no inbox given", id="blank"),
    pytest.param(lambda t: None, "no inbox given", id="missing"),
    pytest.param(lambda t: str(t / "nope"), "inbox folder does not exist", id="no-folder"),
    pytest.param(lambda t: str(_checkout(t)), "looks like a project checkout (.git, Makefile, README.md, "
                 "pyproject.toml), not a recordings inbox", id="checkout"),
    pytest.param(lambda t: str(t) if (t / "README.md").write_text("x") else "", "looks like a project checkout",
                 id="readme-only"),
])
def test_refused(build: object, expected: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        check_inbox(build(tmp_path))  # type: ignore[operator]
    assert expected in err.value.message
    assert "\n" not in err.value.message


def test_accepted(tmp_path: Path) -> None:
    assert check_inbox(str(tmp_path)) == tmp_path  # an empty inbox is a quiet night, not a mistake
    _checkout(tmp_path)
    write_wav(tmp_path / "C1.wav")
    assert check_inbox(tmp_path) == tmp_path  # recordings beside a README: an inbox with notes
