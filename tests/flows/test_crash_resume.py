"""kill -9 in the middle of a night, run again: every call finishes, nothing is duplicated or lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.db import migrate, resolve_url, session_scope
from storage.models import Interaction, RedactionEvent, ReviewItem, Score
from tests.flows import helpers as h

pytestmark = [pytest.mark.model, pytest.mark.flow]
CALLS = ("C-K1", "C-K2", "C-K3", "C-K4")


def _run(inbox: Path, url: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "callqa.cli", "run", "--inbox", str(inbox), "--db", url],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _terminal(url: str) -> int:
    with session_scope(url) as s:
        return int(s.scalar(select(func.count()).where(Interaction.state.in_(("queued", "done")))) or 0)


def test_kill_and_rerun_finishes_everything(tmp_path: Path) -> None:
    if not (h.DATA / "short_call.ogg").exists():
        pytest.skip("sample call not generated")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n, call in enumerate(CALLS):
        h.copy_short_call(inbox, call, agent_id=f"A10{n}")
    url = resolve_url(f"sqlite:///{tmp_path / 'k.db'}")
    migrate(url)
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "CALLQA_KEY_FILE": str(tmp_path / "k.key")}
    env.pop("PREFECT_API_URL", None)

    proc = _run(inbox, url, env)
    deadline = time.monotonic() + 300
    while _terminal(url) < 1:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        assert time.monotonic() < deadline, "no call finished within 300 s"
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    killed_at = _terminal(url)
    assert killed_at < len(CALLS), "the run finished before it could be killed; the test proves nothing"

    again = _run(inbox, url, env)
    _, err = again.communicate(timeout=600)
    assert again.returncode == 0, err.decode()
    with session_scope(url) as s:
        states = dict(s.execute(select(Interaction.call_id, Interaction.state)).all())
        per_call_scores = s.execute(select(Score.interaction_id, func.count()).group_by(Score.interaction_id)).all()
        items = s.scalar(select(func.count(ReviewItem.id)))
        dup_events = s.execute(
            select(RedactionEvent.interaction_id, RedactionEvent.segment_idx, RedactionEvent.start,
                   RedactionEvent.pii_type, func.count())
            .group_by(RedactionEvent.interaction_id, RedactionEvent.segment_idx, RedactionEvent.start,
                      RedactionEvent.pii_type).having(func.count() > 1)).all()
    assert set(states) == set(CALLS)
    assert set(states.values()) <= {"queued", "done"}
    assert all(n == 1 for _, n in per_call_scores) and len(per_call_scores) == len(CALLS)
    assert items == sum(1 for v in states.values() if v == "queued")
    assert dup_events == []
