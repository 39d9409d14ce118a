"""Stage 1: register every inbox item once, keyed by content hash; quarantine what cannot be."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from callqa.pipeline.quarantine import quarantine
from common.errors import InputError
from storage.db import session_scope
from storage.interactions import register
from transcripts.inbox import InboxItem, item_files, scan
from transcripts.io import check_call_id, fitting_call_id, read_json


def content_sha256(files: list[Path]) -> str:
    """SHA-256 over the item's files (recording, then sidecar), so a fixed sidecar is a new version."""
    digest = hashlib.sha256()
    for f in files:
        with f.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\x00callqa-file-boundary\x00")
    return digest.hexdigest()


@dataclass
class IngestReport:
    new: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    quarantined: list[dict[str, str]] = field(default_factory=list)


def _files(item: InboxItem) -> list[Path]:
    return item_files(item.path, item.kind)


def _check(item: InboxItem) -> str:
    """Early checks that need no decoding. Returns the call id to register under."""
    if item.kind == "symlink":
        raise InputError(str(item.path), "is a symbolic link; links are not followed out of the inbox",
                         "copy the file itself into the inbox", reason_code="symlink")
    if item.kind == "unsupported":
        raise InputError(str(item.path), f"unsupported file type {item.path.suffix or '(none)'!r}",
                         "deliver wav/flac/mp3/ogg/m4a recordings or transcript .json", reason_code="unsupported")
    if item.path.stat().st_size == 0:
        raise InputError(str(item.path), "file is empty (0 bytes)", "re-deliver the file", reason_code="empty_file")
    if item.kind == "transcript":
        data = read_json(item.path, reason_code="malformed_transcript")
        call_id = data.get("call_id") if isinstance(data, dict) else None
        if not isinstance(call_id, str) or not call_id.strip():
            raise InputError(str(item.path), "call_id: missing or not a string", "add \"call_id\"; formats.md §2",
                             reason_code="malformed_transcript")
        return check_call_id(call_id.strip(), str(item.path), source="call_id", reason_code="bad_call_id")
    return check_call_id(item.call_id, str(item.path), source="file name", reason_code="bad_call_id")


def ingest(db_url: str, inbox: Path, run_id: int | None) -> IngestReport:
    report = IngestReport()
    for item in scan(inbox):
        files = _files(item)
        if not files:
            continue  # gone since the scan: another run quarantined or archived it
        with session_scope(db_url) as session:
            try:
                call_id = _check(item)
                digest = content_sha256(files)
                outcome = register(session, call_id=call_id, content_sha256=digest, kind=item.kind,
                                   source_name=item.path.name, run_id=run_id, inbox=str(inbox))
                if outcome.status == "duplicate_content":
                    raise InputError(str(item.path), f"same content as already registered call {outcome.other_call_id}",
                                     "remove the duplicate delivery", reason_code="duplicate")
                if outcome.status == "call_id_conflict":
                    raise InputError(str(item.path), f"call_id {call_id} is already registered with other content",
                                     "deliver under a new call_id", reason_code="call_id_conflict")
            except FileNotFoundError:
                continue  # gone since the scan: another run took it
            except InputError as err:
                if not item.path.exists():
                    continue  # another run quarantined it first
                quarantine(session, inbox=inbox, files=files, error=err, stage="ingest", run_id=run_id,
                           call_id=fitting_call_id(item.call_id))
                report.quarantined.append({"file": item.path.name, "reason_code": err.reason_code,
                                           "reason": err.message})
                continue
            getattr(report, outcome.status).append(call_id)
            if outcome.interaction is not None and outcome.status != "existing":
                outcome.interaction.last_run_id = run_id
    return report
