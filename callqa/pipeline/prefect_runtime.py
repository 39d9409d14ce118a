"""Prefect's temporary API server must not outlive the run that started it.

``callqa run`` without ``PREFECT_API_URL`` gets a temporary server: a child process Prefect stops at
normal exit (atexit). A run killed with ``kill -9`` never reaches atexit, and the server (≈230 MB) used to
stay behind. On Linux the child is now started with ``PR_SET_PDEATHSIG``: the kernel sends it SIGTERM
when its parent dies, however it dies. Its output goes to ``$PREFECT_HOME/temporary-server.log`` instead
of the run's stderr: when Prefect stops it at the end of a successful run, its event recorder may log a
traceback about the connection being closed under it (harmless: Prefect's own run history), which used to
end every other successful night with a traceback. Production deployments use a long-lived server (README).
"""

from __future__ import annotations

import ctypes
import functools
import signal
import subprocess
import sys
import types
from pathlib import Path

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # runs in the child between fork and exec
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def tie_temporary_server_to_this_process() -> bool:
    """Make Prefect start its temporary server as a child that dies with this process. Returns whether it
    applies (Linux only). Prefect spawns the server from the thread that first needs the API — the flow's
    main thread for ``callqa run`` — and PDEATHSIG follows that thread."""
    if not sys.platform.startswith("linux"):
        return False
    from prefect.server.api import server
    from prefect.settings import PREFECT_HOME

    home = Path(PREFECT_HOME.value())
    home.mkdir(parents=True, exist_ok=True)
    log = (home / "temporary-server.log").open("ab")  # kept open for the child; closed at exit
    shim = types.SimpleNamespace(**vars(subprocess))
    shim.Popen = functools.partial(subprocess.Popen, preexec_fn=_die_with_parent, stdout=log, stderr=log)
    server.subprocess = shim  # type: ignore[assignment]  # only the server module's view of subprocess
    return True
