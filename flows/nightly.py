"""The nightly QA flow: inbox → register → transcribe+redact → store → score → queue → sample, assign, alert.

Prefect wiring only: one small task per stage over the plain functions of ``callqa.pipeline``, which
decide what an item still needs (``lifecycle.stages_for``), how far transcription runs ahead
(``window.RunAheadWindow``) and what is retried (``retry.RETRY_TRANSIENT``). Transcription is cached by
recording content, ASR options, hot words, diarizer version (mono calls), redactor version and HMAC key
id, so a re-run never re-transcribes an unchanged recording; the cached value is the REDACTED call only.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.context import TaskRunContext

from callqa.config import AlertSettings, Settings
from callqa.pipeline import operations, process
from callqa.pipeline.guard import check_inbox
from callqa.pipeline.heartbeat import Heartbeat
from callqa.pipeline.ingest import ingest
from callqa.pipeline.items import failure_where, release_all, work_claimed
from callqa.pipeline.lifecycle import PendingItem, Stage
from callqa.pipeline.published import Pins, apply_pins, published_pins
from callqa.pipeline.reports import night_markdown, update_aggregates
from callqa.pipeline.retention import RetentionPolicy, apply_retention
from callqa.pipeline.retry import RETRY_TRANSIENT, is_transient
from callqa.pipeline.runs import build_summary, finish_run, redaction_versions, start_run
from callqa.pipeline.summary_text import summary_markdown
from callqa.pipeline.window import Future, RunAheadWindow
from common.errors import InputError
from common.keys import load_or_create_key
from storage.assignment import AssignmentPlan
from storage.audit_anchor import write_anchor
from storage.db import migrate, session_scope
from storage.queue import QueueSettings
from transcripts.asr.types import AsrConfig
from transcripts.diarize import VERSION as DIARIZER_VERSION
from transcripts.hotwords import HotwordBook
from transcripts.redaction.engine import build_redactor
from transcripts.transcribe import SEGMENTS_VERSION

log = logging.getLogger("callqa.progress")


def transcription_cache_key(_ctx: TaskRunContext, params: dict[str, Any]) -> str:
    asr: AsrConfig = params["asr"]
    hotwords: HotwordBook = params["hotwords"]
    return (f"callqa-transcribe-{params['content_sha256']}-{asr.fingerprint()}-{hotwords.fingerprint()}-"
            f"{DIARIZER_VERSION}-{SEGMENTS_VERSION}-{params['redactor_version']}-{params['key_id']}")


@task(name="ingest", **RETRY_TRANSIENT)
def ingest_task(db_url: str, inbox: str, run_id: int) -> dict[str, Any]:
    return ingest(db_url, Path(inbox), run_id).__dict__


@task(name="transcribe-redact", cache_key_fn=transcription_cache_key, cache_expiration=timedelta(days=30),
      persist_result=True, result_serializer="json", retries=1, retry_condition_fn=is_transient)
def transcribe_task(path: str, kind: str, call_id: str, content_sha256: str, asr: AsrConfig, hotwords: HotwordBook,
                    key_file: str, key_id: str, name_search: str, redactor_version: str) -> process.RedactedCall:
    return process.transcribe_and_redact(Path(path), kind, call_id, asr, load_or_create_key(Path(key_file)),
                                         build_redactor(name_search), hotwords)


@task(name="store-redacted", **RETRY_TRANSIENT)
def store_task(db_url: str, interaction_id: int, call: process.RedactedCall, run_id: int, key_file: str) -> int:
    from callqa.config import chain_keys

    return process.store_redacted(db_url, interaction_id, call, run_id, chain_keys(Path(key_file)))


@task(name="redact-audio", **RETRY_TRANSIENT)
def redact_audio_task(db_url: str, inbox: str, interaction_id: int, media_dir: str, mode: str) -> str | None:
    return process.redact_audio(db_url, Path(inbox), interaction_id, Path(media_dir), mode)


@task(name="score", **RETRY_TRANSIENT)
def score_task(db_url: str, interaction_id: int, rubric_path: str, run_id: int, pins: Pins) -> dict[str, Any]:
    rubrics = apply_pins(process.rubrics_for(Path(rubric_path)), db_url, pins)  # published versions (D130)
    return process.score_stored(db_url, interaction_id, rubrics, run_id)


@task(name="queue", **RETRY_TRANSIENT)
def queue_task(db_url: str, interaction_id: int, queue_settings: QueueSettings) -> str:
    return process.queue_scored(db_url, interaction_id, queue_settings)


@task(name="sample", **RETRY_TRANSIENT)
def sample_task(db_url: str, run_id: int, plans_file: Path | None, queue: QueueSettings) -> dict[str, list[str]]:
    return operations.sample_night(db_url, plans_file, operations.night_days(db_url, run_id),
                                   now=datetime.now(UTC), settings=queue)


@task(name="assign", **RETRY_TRANSIENT)
def assign_task(db_url: str, plan: AssignmentPlan | None) -> dict[str, Any]:
    return operations.assign_night(db_url, plan)


@task(name="alerts", **RETRY_TRANSIENT)
def alerts_task(db_url: str, alerts: AlertSettings) -> dict[str, int]:
    return operations.alert_night(db_url, alerts, now=datetime.now(UTC))


@task(name="retention")
def retention_task(db_url: str, inbox: str, run_id: int, policy: RetentionPolicy) -> list[dict[str, str]]:
    return apply_retention(db_url, Path(inbox), run_id, policy)


def _transcribe(settings: Settings, inbox: Path, item: PendingItem, key_id: str, redactor_version: str) -> Future:
    return transcribe_task.submit(str(inbox / item.source_name), item.kind, item.call_id, item.content_sha256,
                                  settings.asr, settings.hotwords, str(settings.key_file), key_id,
                                  settings.name_search, redactor_version)


def _finish(settings: Settings, inbox: Path, run_id: int, item: PendingItem, transcription: Future | None,
            pins: Pins) -> str:
    """Run the item's remaining stages; ``transcription`` is its ended transcription, if it needed one."""
    state, call = str(item.state), None
    for stage in item.stages:
        if stage is Stage.TRANSCRIBE:
            try:
                call = transcription.result() if transcription is not None else None
            except InputError as err:
                process.fail_item(settings.db_url, inbox, item.id, "transcribe", err, run_id)
                return "failed"
        elif stage is Stage.STORE and call is not None:
            store_task(settings.db_url, item.id, call, run_id, str(settings.key_file))
        elif stage is Stage.REDACT_AUDIO:
            redact_audio_task(settings.db_url, str(inbox), item.id, str(settings.media_dir), settings.audio_mask)
        elif stage is Stage.SCORE:
            score_task(settings.db_url, item.id, str(settings.rubric), run_id, pins)
        elif stage is Stage.QUEUE:
            state = queue_task(settings.db_url, item.id, settings.queue)
    return state


def _work_batch(settings: Settings, inbox: Path, run_id: int, batch: list[PendingItem], key_id: str,
                redactor_version: str, pins: Pins) -> tuple[list[str], list[dict[str, str]]]:
    """Claimed items in order; up to ``asr.workers`` transcriptions run ahead while finished ones are stored,
    scored and queued. One bad item never stops the night: its error type and place are kept (never its
    message)."""
    window = RunAheadWindow(max(1, settings.asr.workers),
                            lambda i: _transcribe(settings, inbox, batch[i], key_id, redactor_version),
                            [i for i, item in enumerate(batch) if item.needs_transcription])
    processed: list[str] = []
    failures: list[dict[str, str]] = []
    for n, item in enumerate(batch):
        try:
            final = _finish(settings, inbox, run_id, item, window.take(n), pins)
        except Exception as exc:
            failures.append({"call_id": item.call_id, "error": failure_where(exc)})
            log.error("%s failed: %s", item.call_id, failure_where(exc))
            continue
        processed.append(item.call_id)
        log.info("[%s] %s → %s", run_id, item.call_id, final)
    return processed, failures


def _work_through(settings: Settings, inbox: Path, run_id: int, key_id: str, redactor_version: str, pins: Pins,
                  ) -> tuple[list[str], list[dict[str, str]]]:
    return work_claimed(settings.db_url, run_id, str(inbox), 4 * max(1, settings.asr.workers), settings.lease,
                        lambda batch: _work_batch(settings, inbox, run_id, batch, key_id, redactor_version, pins))


def _operations(settings: Settings, run_id: int) -> dict[str, Any]:
    """After the night's items are queued: sampling plans, auto-assignment, alerts (each re-runnable, D132)."""
    return {"sampled": sample_task(settings.db_url, run_id, settings.sampling, settings.queue),
            "assigned": assign_task(settings.db_url, settings.assignment),
            "alerts": alerts_task(settings.db_url, settings.alerts)}


def _night(settings: Settings, inbox_path: Path) -> dict[str, Any]:
    migrate(settings.db_url)
    hasher, redactor = settings.hasher(), settings.redactor()
    pins = published_pins(settings.db_url)  # the rubric versions this night scores with, fixed at its start
    run_id = start_run(settings.db_url, str(inbox_path), {
        "asr": settings.asr.fingerprint(), "asr_model": settings.asr.model, "hmac_key_id": hasher.key_id,
        "published_rubrics": {rubric_id: content_hash[:12] for rubric_id, content_hash in pins},
        "dask": bool(settings.dask_address), **redaction_versions(redactor, settings.audio_mask)},
        stale_after=settings.lease)
    try:
        with Heartbeat(settings.db_url, run_id, settings.lease):
            report = ingest_task(settings.db_url, str(inbox_path), run_id)
            processed, failures = _work_through(settings, inbox_path, run_id, hasher.key_id, redactor.version, pins)
            operations_done = _operations(settings, run_id)
            retained = retention_task(settings.db_url, str(inbox_path), run_id, settings.retention)
    except BaseException:
        finish_run(settings.db_url, run_id, {}, status="failed")
        raise
    finally:
        release_all(settings.db_url, run_id)
    summary = build_summary(settings.db_url, run_id, processed, failures)
    summary["ingest"] = {k: len(v) for k, v in report.items()}
    summary.update(operations_done)
    summary["retention"] = {"policy": settings.retention.describe(), "files": retained}
    days = update_aggregates(settings.db_url, run_id)
    summary["report_days"] = [d.isoformat() for d in days]
    finish_run(settings.db_url, run_id, summary, status="completed" if not failures else "completed_with_errors")
    with session_scope(settings.db_url) as session:  # the head leaves the database, signed (D70)
        write_anchor(session, settings.anchor_file, settings.chain_keys(), run_id)
    create_markdown_artifact(key="nightly-qa-summary", markdown=summary_markdown(summary),
                             description="callqa nightly summary (this run's figures)")
    create_markdown_artifact(key="nightly-qa-figures", markdown=night_markdown(settings.db_url, days),
                             description="callqa nightly figures")
    return summary


@flow(name="nightly_qa_on_dask", description="The night with transcription fanned out to a Dask cluster")
def _night_on_dask(inbox: str, db: str | None = None, rubric: str | None = None) -> dict[str, Any]:
    return _night(Settings.load(db, rubric), Path(inbox))


@flow(name="nightly_qa", description="Nightly QA over one recordings inbox")  # default task runner: threads
def nightly_qa(inbox: str, db: str | None = None, rubric: str | None = None) -> dict[str, Any]:
    """``db`` may be omitted to use CALLQA_DB_URL (keep passwords out of flow parameters). With
    ``CALLQA_DASK_ADDRESS`` set, the night runs as a sub-flow whose task runner is that Dask cluster
    (prefect-dask), so each Dask worker loads the model once and transcribes; the rest stays here."""
    check_inbox(inbox)  # an empty parameter or a project checkout is never taken for the inbox
    settings = Settings.load(db, rubric)
    if not settings.dask_address:
        return _night(settings, Path(inbox))
    from prefect_dask import DaskTaskRunner

    runner = DaskTaskRunner(address=settings.dask_address)
    on_dask = _night_on_dask.with_options(task_runner=runner)  # type: ignore[arg-type]
    return on_dask(inbox=inbox, db=db, rubric=rubric)


if __name__ == "__main__":  # `python -m flows.nightly INBOX`
    import sys

    nightly_qa(sys.argv[1])
