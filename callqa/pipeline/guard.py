"""Deployment guard: a run starts only over a folder that is plausibly a recordings inbox.

Leaving ``CALLQA_INBOX`` unset once deployed ``inbox: ''``; the nightly run then took the working
directory for the inbox and quarantined the project's own Makefile, README.md and pyproject.toml.
"""

from __future__ import annotations

from pathlib import Path

from common.errors import ConfigError
from transcripts.audio import AUDIO_EXTENSIONS

CHECKOUT_MARKERS: tuple[str, ...] = (".git", "pyproject.toml", "setup.py", "Makefile", "README.md",
                                     "package.json", "prefect.yaml", "alembic.ini")
"""Names that mark a source checkout or deployment folder, never a recordings inbox."""
FIX = "pass the recordings inbox: --inbox DIR or CALLQA_INBOX (formats.md §1)"


def _has_interactions(folder: Path) -> bool:
    """Any recording or transcript JSON at the top level (what ``transcripts.inbox.scan`` would take)."""
    return any(p.suffix.lower() in (*AUDIO_EXTENSIONS, ".json") and not p.name.startswith(".")
               for p in folder.iterdir() if p.is_file() and p.name not in CHECKOUT_MARKERS)


def check_inbox(inbox: str | Path | None) -> Path:
    """The inbox folder, or a one-line ``ConfigError``: missing or empty parameter, not a folder, or a
    folder that holds a project checkout and no interaction files."""
    if inbox is None or not str(inbox).strip():
        raise ConfigError("inbox", "no inbox given (empty parameter)", FIX)
    folder = Path(inbox)
    if not folder.is_dir():
        raise ConfigError(str(inbox), "inbox folder does not exist", "create it or pass the right --inbox")
    markers = sorted(m for m in CHECKOUT_MARKERS if (folder / m).exists())
    if markers and not _has_interactions(folder):
        raise ConfigError(str(inbox), f"looks like a project checkout ({', '.join(markers)}), not a recordings "
                          "inbox: no recordings or transcripts in it", FIX)
    return folder
