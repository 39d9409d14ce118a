"""Which rubric versions a night scores with (D130): the published version of a rubric when one exists.

The routing file (``Settings.rubric``) still chooses a rubric per queue; a rubric whose id has a published
version (``callqa rubric publish``) is replaced by that version, rebuilt from the text stored at publish time,
so an edit of the file — a draft — never takes effect until it is published. Rubrics never published score
from their file as before. The night reads the pins (rubric id → content hash) once at its start and records
them in its run; every score task then builds the same set from them.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from common.errors import ConfigError
from scoring import Rubric, RubricSet
from scoring.rubric import load_rubric_text
from storage import rubric_versions
from storage.db import session_scope

Pins = tuple[tuple[str, str], ...]
"""(rubric id, content hash of its published version), sorted: small, hashable, fine as a task argument."""


def published_pins(db_url: str) -> Pins:
    with session_scope(db_url) as session:
        rows = rubric_versions.all_versions(session)
        return tuple(sorted((r.rubric_id, r.content_hash) for r in rows if r.status == "published"))


@lru_cache(maxsize=16)
def published_rubric(db_url: str, content_hash: str) -> Rubric:
    """The published version with this hash, rebuilt from its stored text and checked against the hash."""
    with session_scope(db_url) as session:
        row = session.scalar(rubric_versions.select_by_hash(content_hash))
        if row is None:
            raise ConfigError(f"rubric version {content_hash[:12]}", "not recorded in this database",
                              "publish the rubric again with `callqa rubric publish FILE`")
        text, path, rubric_id, version = row.content, row.path, row.rubric_id, row.version
    rubric = load_rubric_text(text, Path(path))
    if rubric.hash != content_hash:  # e.g. the base rubric it extends changed since publishing
        raise ConfigError(path, f"rubric {rubric_id} version {version} no longer rebuilds to its published hash "
                          f"(now {rubric.hash[:12]}, published {content_hash[:12]}); a file it extends changed",
                          "restore the base file, or publish the change as a new version")
    return rubric


def apply_pins(rubrics: RubricSet, db_url: str, pins: Pins) -> RubricSet:
    """``rubrics`` with every rubric that has a published version replaced by that version."""
    by_id = dict(pins)
    if not by_id:
        return rubrics

    def pick(rubric: Rubric) -> Rubric:
        wanted = by_id.get(rubric.id)
        if wanted is None or wanted == rubric.hash:
            return rubric
        return published_rubric(db_url, wanted)

    return replace(rubrics, default=pick(rubrics.default), queues={q: pick(r) for q, r in rubrics.queues.items()})
