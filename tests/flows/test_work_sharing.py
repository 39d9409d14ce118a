"""Several `callqa run` processes share one night over one inbox and one database (issue 15's acceptance):
every item is processed exactly once — the same transcriptions, scores, hits, queue items and audit events
as one run alone — with all three finishing together, and with one of them killed with SIGKILL midway.
Then transcription on a real Dask cluster (a scheduler and two workers on loopback) through the flow."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.db import session_scope
from storage.models import Interaction, Run
from tests.conftest import REPO
from tests.flows import helpers as h

pytestmark = [pytest.mark.model, pytest.mark.flow]
CHATS = 40
CALLS = ("C-S1", "C-S2")
LEASE_S = 20
"""Long enough that a loaded CI machine never lets a live run's lease lapse; a dead run's items wait this long."""


def _fill(inbox: Path, chats: int = CHATS, calls: tuple[str, ...] = CALLS) -> Path:
    inbox.mkdir(parents=True)
    for n in range(chats):
        lines = h.CHAT_PII_RUDE["segments"] if n % 2 else h.CHAT_CLEAN["segments"]
        doc = h.chat(f"T-SHARE-{n:02d}", [(s["speaker"], s["text"]) for s in lines], agent_id=f"A{3000 + n % 7}")
        h.write_json(inbox / f"T-SHARE-{n:02d}.json", doc)
    for n, call in enumerate(calls):
        h.copy_short_call(inbox, call, agent_id=f"A11{n}")
    return inbox


def _env(tmp: Path, url: str, name: str) -> dict[str, str]:
    home = tmp / f"prefect-{name}"
    home.mkdir(exist_ok=True)
    return {**os.environ, "PREFECT_HOME": str(home), "CALLQA_DB_URL": url, "CALLQA_KEY_FILE": str(tmp / "hmac.key"),
            "CALLQA_LEASE_SECONDS": str(LEASE_S), "CALLQA_ASR_WORKERS": "1", "CALLQA_MEDIA_DIR": str(tmp / "media")}


def _start(inbox: Path, env: dict[str, str], *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "callqa.cli", "run", "--inbox", str(inbox), *extra], env=env,
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _finish(proc: subprocess.Popen[bytes], timeout: float = 600) -> tuple[int, str]:
    _, err = proc.communicate(timeout=timeout)
    return proc.returncode, err.decode("utf-8", "replace")


def _figures(url: str) -> dict[str, object]:
    """What 'exactly once' is checked on: per-table counts, and every item's state."""
    figures: dict[str, object] = dict(h.counts(url))
    figures["states"] = h.states(url)
    return figures


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("share")


@pytest.fixture(scope="module")
def single_run(work: Path, request: pytest.FixtureRequest) -> dict[str, object]:
    """The reference: one run alone over a copy of the same inbox, on SQLite."""
    if not (h.DATA / "short_call.ogg").exists():
        pytest.skip("sample call not generated")
    url = f"sqlite:///{work / 'single.db'}"
    rc, err = _finish(_start(_fill(work / "single-inbox"), _env(work, url, "single")))
    assert rc == 0, err
    return _figures(url)


@pytest.fixture(params=["sqlite", "postgres"])
def shared_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'shared.db'}"
    return str(request.getfixturevalue("pg_url"))


def test_three_runs_share_one_night(shared_db: str, single_run: dict[str, object], work: Path,
                                    tmp_path: Path) -> None:
    inbox = _fill(tmp_path / "inbox")
    procs = [_start(inbox, _env(work, shared_db, f"w{n}")) for n in range(3)]
    results = [_finish(p) for p in procs]
    for n, (_, err) in enumerate(results):
        (tmp_path / f"run{n}.stderr").write_text(err, encoding="utf-8")
    assert [rc for rc, _ in results] == [0, 0, 0], [line for _, err in results for line in err.splitlines()
                                                     if "failed" in line or "Error" in line]
    errors = "".join(err for _, err in results)
    assert "Traceback" not in errors, errors[errors.index("Traceback") - 300:][:3000]
    assert _figures(shared_db) == single_run
    with session_scope(shared_db) as s:
        runs = list(s.scalars(select(Run)))
        assert {r.status for r in runs} == {"completed"}
        processed = [r.summary["processed_this_run"] for r in runs]
    assert sum(processed) == CHATS + len(CALLS), processed  # each item counted by exactly one run


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _holds_items(url: str) -> set[str]:
    """Runs holding leases now (empty while the first run is still creating the schema)."""
    try:
        with session_scope(url) as s:
            return set(s.scalars(select(Interaction.lease_owner).where(Interaction.lease_owner.is_not(None))))
    except Exception:
        return set()


def test_a_run_killed_midway_loses_nothing(pg_url: str, single_run: dict[str, object], work: Path,
                                           tmp_path: Path) -> None:
    """On PostgreSQL, the production layout (several machines, one database)."""
    inbox = _fill(tmp_path / "inbox")
    victim = _start(inbox, _env(work, pg_url, "k0"))  # first, so that it surely holds items when killed
    deadline = time.monotonic() + 300
    while _victim_owner(pg_url, victim.pid) not in _holds_items(pg_url) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert _victim_owner(pg_url, victim.pid) in _holds_items(pg_url), "the victim never claimed an item"
    procs = [victim, *(_start(inbox, _env(work, pg_url, f"k{n}")) for n in (1, 2))]
    time.sleep(3)
    server_children = _children(victim.pid)
    os.kill(victim.pid, signal.SIGKILL)  # the process only: its server child must go by itself
    victim.wait()
    results = [_finish(p) for p in procs[1:]]
    assert [rc for rc, _ in results] == [0, 0], [err[-2000:] for _, err in results]
    assert _figures(pg_url) == single_run  # the survivors finished the victim's items, once
    time.sleep(2)
    assert [pid for pid in server_children if Path(f"/proc/{pid}").exists()] == []  # its Prefect server went too
    time.sleep(LEASE_S)  # the victim's heartbeat is stale now: the next run marks it interrupted
    rc, err = _finish(_start(inbox, _env(work, pg_url, "after")))
    assert rc == 0, err
    with session_scope(pg_url) as s:
        statuses = sorted(r.status for r in s.scalars(select(Run)))
    assert statuses == ["completed"] * 3 + ["interrupted"]


def _victim_owner(url: str, pid: int) -> str | None:
    try:
        with session_scope(url) as s:
            run_id = s.scalar(select(Run.id).where(Run.worker.like(f"%:{pid}")))
    except Exception:
        return None
    return f"run:{run_id}" if run_id else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def dask_cluster(tmp_path: Path) -> Iterator[str]:
    """A real ``dask scheduler`` and two ``dask worker`` processes on loopback."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "dask"]
    procs = [subprocess.Popen([*cmd, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    procs += [subprocess.Popen([*cmd, "worker", address, "--nthreads", "1", "--no-dashboard", "--name", f"w{n}"],
                               env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
              for n in range(2)]
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(2, timeout=120)
    yield address
    for proc in procs:
        proc.terminate()
    for proc in procs:
        proc.wait(timeout=30)


def test_transcription_runs_on_a_dask_cluster(dask_cluster: str, work: Path, tmp_path: Path) -> None:
    if not (h.DATA / "short_call.ogg").exists():
        pytest.skip("sample call not generated")
    from distributed import Client

    url = f"sqlite:///{tmp_path / 'dask.db'}"
    inbox = _fill(tmp_path / "inbox", chats=2)
    rc, err = _finish(_start(inbox, _env(work, url, "dask"), "--dask", dask_cluster))
    assert rc == 0, err[-3000:]
    assert set(h.states(url).values()) <= {"queued", "done"} and len(h.states(url)) == 4
    with Client(dask_cluster) as client:
        loaded = client.run(lambda: __import__("sys").modules.get("faster_whisper") is not None)
        assert sum(loaded.values()) >= 1, loaded  # the model was loaded on the workers, not in the run
    with session_scope(url) as s:
        (run,) = s.scalars(select(Run))
        assert run.versions["dask"] is True and run.status == "completed"
