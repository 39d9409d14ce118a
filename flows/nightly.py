"""The nightly QA flow: inbox → register → transcribe+redact → store → score → queue.

One small task per stage; the stage logic lives in ``callqa.pipeline``. Retries only on
transient errors (database connection trouble). Transcription is cached by recording content,
ASR options, diarizer version (mono calls), redactor version and HMAC key id, so a re-run never
re-transcribes an unchanged recording; the cached value is the REDACTED call only.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from datetime import timedelta
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.context import TaskRunContext
from prefect.futures import PrefectFuture
from sqlalchemy.exc import OperationalError

from callqa.config import Settings
from callqa.pipeline import process
from callqa.pipeline.ingest import ingest
from callqa.pipeline.reports import night_markdown, update_aggregates
from callqa.pipeline.runs import build_summary, finish_run, redaction_versions, start_run
from callqa.pipeline.summary_text import summary_markdown
from common.errors import InputError, TransientError
from storage.db import migrate, session_scope
from storage.interactions import pending
from storage.queue import QueueSettings
from transcripts.asr.engine import AsrConfig
from transcripts.diarize import VERSION as DIARIZER_VERSION
from transcripts.hotwords import HotwordBook
from transcripts.redaction import REDACTOR_VERSION

log = logging.getLogger("callqa.progress")


def is_transient(_task: Any, _run: Any, state: Any) -> bool:
    exc = getattr(state, "data", None)
    return isinstance(exc, OperationalError | TransientError | TimeoutError | ConnectionError)


def transcription_cache_key(_ctx: TaskRunContext, params: dict[str, Any]) -> str:
    asr: AsrConfig = params["asr"]
    hotwords: HotwordBook = params["hotwords"]
    return (f"callqa-transcribe-{params['content_sha256']}-{asr.fingerprint()}-{hotwords.fingerprint()}-"
            f"{DIARIZER_VERSION}-{REDACTOR_VERSION}-{params['key_id']}")


@task(name="ingest", retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=is_transient)
def ingest_task(db_url: str, inbox: str, run_id: int) -> dict[str, Any]:
    return ingest(db_url, Path(inbox), run_id).__dict__


@task(name="transcribe-redact", cache_key_fn=transcription_cache_key, cache_expiration=timedelta(days=30),
      persist_result=True, result_serializer="json", retries=1, retry_condition_fn=is_transient)
def transcribe_task(path: str, kind: str, call_id: str, content_sha256: str, asr: AsrConfig, hotwords: HotwordBook,
                    key_file: str, key_id: str) -> process.RedactedCall:
    from common.keys import load_or_create_key

    return process.transcribe_and_redact(Path(path), kind, call_id, asr, load_or_create_key(Path(key_file)),
                                         hotwords)


@task(name="store-redacted", retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=is_transient)
def store_task(db_url: str, interaction_id: int, call: process.RedactedCall, run_id: int) -> int:
    return process.store_redacted(db_url, interaction_id, call, run_id)


@task(name="score", retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=is_transient)
def score_task(db_url: str, interaction_id: int, rubric_path: str | None, run_id: int) -> dict[str, Any]:
    from scoring import default_rubrics_path

    path = Path(rubric_path) if rubric_path else default_rubrics_path()
    return process.score_stored(db_url, interaction_id, _rubrics(str(path), path.stat().st_mtime_ns), run_id)


@lru_cache(maxsize=4)
def _rubrics(path: str, mtime_ns: int) -> Any:
    """Parsed once per process and file version (a worker picks up edited routing without a restart)."""
    from scoring import load_rubrics

    return load_rubrics(path)


@task(name="redact-audio", retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=is_transient)
def redact_audio_task(db_url: str, inbox: str, interaction_id: int, media_dir: str, mode: str) -> str | None:
    return process.redact_audio(db_url, Path(inbox), interaction_id, Path(media_dir), mode)


@task(name="retention")
def retention_task(db_url: str, inbox: str, run_id: int, policy: Any) -> list[dict[str, str]]:
    from callqa.pipeline.retention import apply_retention

    return apply_retention(db_url, Path(inbox), run_id, policy)


@task(name="queue", retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=is_transient)
def queue_task(db_url: str, interaction_id: int, queue_settings: QueueSettings) -> str:
    return process.queue_scored(db_url, interaction_id, queue_settings)


def _where(exc: BaseException) -> str:
    """Exception type and innermost frame only: messages may carry personal data, so they are not kept."""
    frames = traceback.extract_tb(exc.__traceback__)
    last = frames[-1] if frames else None
    return f"{type(exc).__name__} at {Path(last.filename).name}:{last.lineno}" if last else type(exc).__name__


def _needs_transcription(row: dict[str, Any]) -> bool:
    return row["state"] in ("registered", "transcribed")


def _submit_transcription(settings: Settings, inbox: Path, row: dict[str, Any], key_id: str) -> PrefectFuture[Any]:
    return transcribe_task.submit(str(inbox / row["source_name"]), row["kind"], row["call_id"], row["content_sha256"],
                                  settings.asr, settings.hotwords, str(settings.key_file), key_id)


def _process_one(settings: Settings, inbox: Path, run_id: int, row: dict[str, Any],
                 transcription: PrefectFuture[Any] | None) -> str:
    """Finish one item; ``transcription`` is its running transcription (``None`` if already stored)."""
    iid, state = row["id"], row["state"]
    if transcription is not None:
        try:
            call = transcription.result()
        except InputError as err:
            process.fail_item(settings.db_url, inbox, iid, "transcribe", err, run_id)
            return "failed"
        store_task(settings.db_url, iid, call, run_id)
        state = "redacted"
    if state == "redacted":
        if row["kind"] == "audio":
            redact_audio_task(settings.db_url, str(inbox), iid, str(settings.media_dir), settings.audio_mask)
        score_task(settings.db_url, iid, str(settings.rubric) if settings.rubric else None, run_id)
        state = "scored"
    if state == "scored":
        state = queue_task(settings.db_url, iid, settings.queue)
    return state


class _Window:
    """Keeps up to ``size`` transcriptions running ahead of the item being finished. A slot frees the moment its
    transcription ends (success or failure), not when the main thread gets to that item."""

    def __init__(self, size: int, start: Callable[[int], PrefectFuture[Any]], order: list[int]) -> None:
        self.size, self.start, self.waiting = size, start, iter(order)
        self.futures: dict[int, PrefectFuture[Any]] = {}
        self.ended: set[int] = set()
        self.errors: dict[int, Exception] = {}
        """Submissions that failed (e.g. the Prefect API unreachable): raised for their own item in ``take``."""
        self.changed = threading.Condition()

    def _top_up(self) -> None:
        while len(self.futures) - len(self.ended) < self.size and (i := next(self.waiting, None)) is not None:
            try:
                future = self.start(i)
            except Exception as exc:  # reported against item i, not the item being taken
                self.errors[i] = exc
                continue
            self.futures[i] = future
            future.add_done_callback(partial(self._end, i))

    def _end(self, i: int, _future: PrefectFuture[Any]) -> None:
        with self.changed:
            self.ended.add(i)
            self.changed.notify_all()

    def take(self, i: int) -> PrefectFuture[Any] | None:
        """Item ``i``'s ended transcription (``None`` if it needs none); other slots refill meanwhile."""
        with self.changed:
            self._top_up()
            if i in self.errors:
                raise self.errors.pop(i)
            while i in self.futures and i not in self.ended:
                self.changed.wait(timeout=5.0)
                self._top_up()
            self.ended.discard(i)
            return self.futures.pop(i, None)


def _work_through(settings: Settings, inbox: Path, run_id: int, todo: list[dict[str, Any]], key_id: str,
                  ) -> tuple[list[str], list[dict[str, str]]]:
    """Items in order; up to ``asr.workers`` transcriptions run ahead in the task runner's threads while the
    main thread stores, scores and queues finished ones (the database work stays sequential)."""
    window = _Window(max(1, settings.asr.workers),
                     lambda i: _submit_transcription(settings, inbox, todo[i], key_id),
                     [i for i, row in enumerate(todo) if _needs_transcription(row)])
    processed: list[str] = []
    failures: list[dict[str, str]] = []
    for n, row in enumerate(todo, 1):
        log.info("[%d/%d] %s …", n, len(todo), row["call_id"])
        try:
            final = _process_one(settings, inbox, run_id, row, window.take(n - 1))
        except Exception as exc:  # one bad call must not stop the night; the type and place are kept
            failures.append({"call_id": row["call_id"], "error": _where(exc)})
            log.error("[%d/%d] %s failed: %s", n, len(todo), row["call_id"], _where(exc))
            continue
        processed.append(row["call_id"])
        log.info("[%d/%d] %s → %s", n, len(todo), row["call_id"], final)
    return processed, failures


@flow(name="nightly_qa", description="Nightly QA over one recordings inbox")  # default task runner: threads
def nightly_qa(inbox: str, db: str | None = None, rubric: str | None = None) -> dict[str, Any]:
    """``db`` may be omitted to use CALLQA_DB_URL (keep passwords out of flow parameters)."""
    settings = Settings.load(db, rubric)
    migrate(settings.db_url)
    hasher = settings.hasher()
    inbox_path = Path(inbox)
    run_id = start_run(settings.db_url, str(inbox_path), {
        "asr": settings.asr.fingerprint(), "asr_model": settings.asr.model, "redactor": REDACTOR_VERSION,
        "hmac_key_id": hasher.key_id, **redaction_versions(),
    })
    report = ingest_task(settings.db_url, str(inbox_path), run_id)
    with session_scope(settings.db_url) as session:
        todo: list[dict[str, Any]] = [
            {"id": i.id, "state": i.state, "kind": i.kind, "call_id": i.call_id, "source_name": i.source_name,
             "content_sha256": i.content_sha256}
            for i in pending(session)
        ]
    processed, failures = _work_through(settings, inbox_path, run_id, todo, hasher.key_id)
    retained = retention_task(settings.db_url, str(inbox_path), run_id, settings.retention)
    summary = build_summary(settings.db_url, run_id, processed, failures)
    summary["ingest"] = {k: len(v) for k, v in report.items()}
    summary["retention"] = {"policy": settings.retention.describe(), "files": retained}
    days = update_aggregates(settings.db_url, run_id)
    summary["report_days"] = [d.isoformat() for d in days]
    finish_run(settings.db_url, run_id, summary, status="completed" if not failures else "completed_with_errors")
    create_markdown_artifact(key="nightly-qa-summary", markdown=summary_markdown(summary),
                             description="callqa nightly summary")
    create_markdown_artifact(key="nightly-qa-figures", markdown=night_markdown(settings.db_url, days),
                             description="callqa nightly figures")
    return summary


if __name__ == "__main__":  # `python -m flows.nightly INBOX`
    import sys

    nightly_qa(sys.argv[1])
