"""Where a file leaving the inbox lands: quarantine and the retention archive never overwrite.

A name already taken in the target folder gets a short content hash before its extension
(``C1.wav`` → ``C1.3fa9c2d1.wav``), then a counter if even that is taken, so a first delivery and a
re-delivery of the same name are both kept.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

HASH_CHARS = 8


def short_hash(path: Path) -> str:
    """First ``HASH_CHARS`` hex digits of the file's SHA-256 (a link's target is not read)."""
    digest = hashlib.sha256()
    if path.is_symlink():
        digest.update(os.readlink(path).encode("utf-8", "surrogateescape"))
    else:
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:HASH_CHARS]


def _taken(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def free_name(target: Path, source: Path, tag: str) -> Path:
    """``target/<stem>.<tag>[-n].<ext>``: the first such path that does not exist yet."""
    stem, suffix = source.name.split(".", 1) if "." in source.name else (source.name, "")
    dot = f".{suffix}" if suffix else ""
    for n in range(1000):
        candidate = target / f"{stem}.{tag}{f'-{n}' if n else ''}{dot}"
        if not _taken(candidate):
            return candidate
    raise FileExistsError(f"{target}: 1000 files named like {source.name}; empty the folder")


def move_unique(files: list[Path], target: Path) -> list[Path]:
    """Move ``files`` (one item: recording then sidecar) into ``target`` without overwriting; an item that
    collides moves under one tag (the first file's content hash), so its files stay recognisably together.
    Returns where each file went."""
    target.mkdir(parents=True, exist_ok=True)
    present = [f for f in files if _taken(f)]
    clash = any(_taken(target / f.name) for f in present)
    tag = short_hash(present[0]) if clash and present else None
    moved = []
    for f in present:
        dest = free_name(target, f, tag) if tag else target / f.name
        os.replace(f, dest)
        moved.append(dest)
    return moved
