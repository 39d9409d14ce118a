"""Every user mistake ends in ONE ``callqa: error:`` line naming what and where, with exit code 2 — never a
traceback, never after Prefect's start-up, never an empty database left behind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from callqa.cli import main
from tests.conftest import REPO


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        rc = main(args)
    except SystemExit as exc:  # argparse's --help
        rc = int(exc.code or 0)
    out, err = capsys.readouterr()
    return rc, out, err


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("callqa: error: "), err
    assert "Traceback" not in err
    return lines[0]


CASES = [
    pytest.param(["queue", "list", "--db", "sqlite:///{tmp}/none.db"], {}, "{tmp}/none.db: no database at this path",
                 id="reading-command-missing-sqlite"),
    pytest.param(["audit", "verify", "--db", "sqlite:///{tmp}/none.db"], {}, "no database at this path",
                 id="audit-missing-sqlite"),
    pytest.param(["users", "list", "--db", "sqlite:///{tmp}/none.db"], {}, "no database at this path",
                 id="users-list-missing-sqlite"),
    pytest.param(["db", "upgrade", "--db", "sqlite:///{tmp}/no/such/folder/x.db"], {}, "cannot use the database",
                 id="unwritable-sqlite-path"),
    pytest.param(["queue", "list", "--db", "postgresql://qa:s3cret@127.0.0.1:1/callqa"], {},
                 "postgresql+psycopg://qa:***@127.0.0.1:1/callqa: cannot use the database", id="unreachable-postgres"),
    pytest.param(["run", "--inbx", "{tmp}"], {}, "callqa run: unknown option --inbx (did you mean --inbox?)",
                 id="mistyped-option"),
    pytest.param(["transcribe", "{tmp}/missing.wav", "--out", "{tmp}/out"], {}, "{tmp}/missing.wav: no such recording",
                 id="transcribe-missing-file"),
    pytest.param(["audit", "export", "--since", "notadate", "--db", "sqlite:///{tmp}/none.db"], {},
                 "'notadate' is not an ISO date", id="audit-bad-since"),
    pytest.param(["run", "--inbox", "{tmp}"], {"CALLQA_RETENTION_DAYS": "soon"},
                 "CALLQA_RETENTION_DAYS: must be a number of days ≥ 0, got 'soon'", id="bad-retention-days"),
    pytest.param(["run", "--inbox", "{tmp}"], {"CALLQA_NAME_SEARCH": "deep"},
                 "CALLQA_NAME_SEARCH: must be one of thorough, fast, exhaustive, got 'deep'", id="bad-name-search"),
    pytest.param(["run", "--inbox", "{tmp}"], {"CALLQA_AUDIO_MASK": "beep"},
                 "CALLQA_AUDIO_MASK: must be one of silence, tone, got 'beep'", id="bad-audio-mask"),
    pytest.param(["run", "--inbox", "{tmp}", "--rubric", "{tmp}/nope.yaml"], {},
                 "{tmp}/nope.yaml: rubric file not found", id="missing-rubric"),
    pytest.param(["run", "--inbox", "{tmp}/nope"], {}, "{tmp}/nope: inbox folder does not exist", id="missing-inbox"),
    pytest.param(["run", "--inbox", ""], {}, "inbox: no inbox given (empty parameter)", id="empty-inbox"),
    pytest.param(["run", "--inbox", str(REPO)], {}, f"{REPO}: looks like a project checkout (.git, Makefile, README.md",
                 id="checkout-as-inbox"),
    pytest.param(["plan", "--audio-hours", "0", "--window-hours", "8", "--db", "sqlite:///{tmp}/none.db"], {},
                 "--audio-hours: must be a finite number of hours > 0, got 0.0", id="plan-zero-hours"),
    pytest.param(["plan", "--audio-hours", "lots", "--window-hours", "8"], {},
                 "callqa plan: argument --audio-hours: invalid float value: 'lots'", id="plan-not-a-number"),
    pytest.param(["plan", "--audio-hours", "10", "--window-hours", "8", "--cores", "2", "--threads", "4"], {},
                 "--threads: 4 threads per worker do not fit 2 cores per machine", id="plan-threads-over-cores"),
    pytest.param(["plan", "--audio-hours", "10", "--window-hours", "8", "--db", "sqlite:///{tmp}/none.db"], {},
                 "{tmp}/none.db: no database at this path", id="plan-missing-db"),
    pytest.param(["plan", "--audio-hours", "10", "--window-hours", "8"], {"CALLQA_ASR_THREADS": "two"},
                 "CALLQA_ASR_THREADS: must be a whole number ≥ 1, got 'two'", id="plan-bad-threads-setting"),
    pytest.param(["plan", "--audio-hours", "10", "--window-hours", "8"], {"CALLQA_ASR_BATCH": "-8"},
                 "CALLQA_ASR_BATCH: must be a whole number ≥ 0, got '-8'", id="bad-asr-batch"),
]


@pytest.mark.parametrize(("args", "env", "expected"), CASES)
def test_usage_errors_are_one_line(args: list[str], env: dict[str, str], expected: str, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    rc, _, err = run_cli([a.replace("{tmp}", str(tmp_path)) for a in args], capsys)
    line = one_error_line(err)
    assert rc == 2
    assert expected.replace("{tmp}", str(tmp_path)) in line
    assert "s3cret" not in err
    assert not (tmp_path / "none.db").exists()  # reading commands never create a database


def test_help_works_whatever_the_settings(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLQA_NAME_SEARCH", "deep")  # read only by commands that redact, when they run
    rc, out, _ = run_cli(["db", "--help"], capsys)
    assert rc == 0 and "upgrade" in out
    rc, out, _ = run_cli(["run", "--help"], capsys)
    assert rc == 0 and "rubrics/routing.yaml" in out


def test_lint_reads_a_routing_file(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLQA_RUBRIC", str(REPO / "rubrics" / "routing.yaml"))
    rc, out, err = run_cli(["rubric", "lint"], capsys)
    assert rc == 0 and err == ""
    assert "default.yaml" in out and "credit_card.yaml" in out


def test_a_closed_pipe_is_quiet(tmp_path: Path) -> None:
    """``callqa rubric test | true``: the reader is gone before callqa writes; nothing on stderr."""
    cli = f"{sys.executable} -m callqa.cli rubric test {REPO / 'rubrics' / 'default.yaml'}"
    out = subprocess.run(["bash", "-c", f"{cli} | true; echo ${{PIPESTATUS[0]}}"], capture_output=True, text=True,
                         cwd=tmp_path)
    assert out.stderr == "", out.stderr
    assert out.stdout.strip() in ("0", "141")  # 141 when the pipe closed before callqa wrote
