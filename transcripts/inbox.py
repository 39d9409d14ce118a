"""Scan a recordings inbox (formats.md §1) into typed items.

Top-level files only: ``<call_id>.<audio ext>`` with an optional ``<call_id>.json`` sidecar, and
transcript JSON files (chat/e-mail) — a ``.json`` whose stem has no audio file. Anything else is
an item of kind ``unsupported`` so it is quarantined and reported, never silently skipped. A symbolic
link (as the item or as a recording's sidecar) is an item of kind ``symlink``: refused, never followed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from transcripts.audio import AUDIO_EXTENSIONS

ItemKind = Literal["audio", "transcript", "unsupported", "symlink"]
RESERVED_DIRS = ("quarantine", "archive")


@dataclass(frozen=True)
class InboxItem:
    kind: ItemKind
    path: Path
    call_id: str
    sidecar: Path | None = None


def sidecar_of(recording: Path) -> Path | None:
    """A recording's sidecar ``<call_id>.json`` when it was delivered, else ``None``."""
    sidecar = recording.with_suffix(".json")
    return sidecar if sidecar.is_file() or sidecar.is_symlink() else None


def item_files(path: Path, kind: str) -> list[Path]:
    """The files of one item that exist: the recording or transcript, then a recording's sidecar. The one
    definition used to hash, quarantine, archive and transcribe an item."""
    files = [path] if path.exists() or path.is_symlink() else []
    sidecar = sidecar_of(path) if kind in ("audio", "symlink") and path.suffix.lower() in AUDIO_EXTENSIONS else None
    return [*files, sidecar] if sidecar else files


def scan(inbox: Path) -> list[InboxItem]:
    """Items sorted by call id, so runs are reproducible."""
    files = sorted(p for p in inbox.iterdir() if (p.is_symlink() or p.is_file()) and not p.name.startswith("."))
    audio_stems = {p.stem for p in files if p.suffix.lower() in AUDIO_EXTENSIONS}
    items: list[InboxItem] = []
    for path in files:
        suffix = path.suffix.lower()
        side = sidecar_of(path) if suffix in AUDIO_EXTENSIONS else None
        if path.is_symlink() or (side is not None and side.is_symlink()):
            if not (suffix == ".json" and path.stem in audio_stems):  # a linked sidecar goes with its recording
                items.append(InboxItem("symlink", path, path.stem, side))
        elif suffix in AUDIO_EXTENSIONS:
            items.append(InboxItem("audio", path, path.stem, sidecar_of(path)))
        elif suffix == ".json":
            if path.stem not in audio_stems:
                items.append(InboxItem("transcript", path, path.stem))
        elif not path.name.endswith((".partial", ".tmp")):
            items.append(InboxItem("unsupported", path, path.stem))
    return sorted(items, key=lambda i: (i.call_id, i.path.name))
