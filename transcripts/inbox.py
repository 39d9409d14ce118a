"""Scan a recordings inbox (formats.md §1) into typed items.

Top-level files only: ``<call_id>.<audio ext>`` with an optional ``<call_id>.json`` sidecar, and
transcript JSON files (chat/e-mail) — a ``.json`` whose stem has no audio file. Anything else is
an item of kind ``unsupported`` so it is quarantined and reported, never silently skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from transcripts.audio import AUDIO_EXTENSIONS

ItemKind = Literal["audio", "transcript", "unsupported"]
RESERVED_DIRS = ("quarantine", "archive")


@dataclass(frozen=True)
class InboxItem:
    kind: ItemKind
    path: Path
    call_id: str
    sidecar: Path | None = None


def scan(inbox: Path) -> list[InboxItem]:
    """Items sorted by call id, so runs are reproducible."""
    files = sorted(p for p in inbox.iterdir() if p.is_file() and not p.name.startswith("."))
    audio_stems = {p.stem for p in files if p.suffix.lower() in AUDIO_EXTENSIONS}
    items: list[InboxItem] = []
    for path in files:
        suffix = path.suffix.lower()
        if suffix in AUDIO_EXTENSIONS:
            sidecar = path.with_suffix(".json")
            items.append(InboxItem("audio", path, path.stem, sidecar if sidecar.exists() else None))
        elif suffix == ".json":
            if path.stem not in audio_stems:
                items.append(InboxItem("transcript", path, path.stem))
        elif not path.name.endswith((".partial", ".tmp")):
            items.append(InboxItem("unsupported", path, path.stem))
    return sorted(items, key=lambda i: (i.call_id, i.path.name))
