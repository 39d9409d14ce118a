"""Whole customer-service interactions for the redaction speed bench: the text the product redacts.

Read in place from ``$CALLQA_DATA`` (default ``/work/shared/data``; research-only, never copied into the
repository), one interaction = the list of its turns, in order, as a transcript holds them:
- JDDC chat sessions (real JD.com customer-service chat, every utterance of the 994 sessions), the
  anonymiser's placeholders filled with values in written and spoken forms (``redaction_set.fill``);
- STC-3 Weibo helpdesk dialogues (real, mostly unmasked), one turn per utterance;
- MobileCS phone-call transcripts (real China Mobile calls, spoken style: fillers, 幺五幺, ``_`` joins).

Unlike ``redaction_set.build`` (one labelled line per record, news sentences from CLUENER/MSRA and
templates, chosen to hold a value), most turns here hold no personal data, as in real calls and chats.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator

from redaction_set import DATA, fill

Interaction = list[str]
JDDC = DATA / "dialogue_cs" / "jddc_sample" / "chat_0.1per.txt"
STC3 = DATA / "dialogue_cs" / "stc3_weibo_helpdesk" / "test_data_cn.json"
MOBILECS = DATA / "dialogue_cs" / "mobilecs_seretod" / "example.json"
SPEAKERS = ("[SPEAKER 1]", "[SPEAKER 2]")


def jddc_sessions(rng: random.Random) -> Iterator[Interaction]:
    """Each JDDC session's utterances ('NULL' = no reply, left out), placeholders filled."""
    if not JDDC.exists():
        return
    session, turns = None, []
    for line in JDDC.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 7:
            continue
        if parts[0] != session and turns:
            yield turns
            turns = []
        session = parts[0]
        if parts[6] and parts[6] != "NULL":
            turns.append(fill(parts[6], rng)[0])
    if turns:
        yield turns


def stc3_dialogues() -> Iterator[Interaction]:
    if not STC3.exists():
        return
    for dialogue in json.loads(STC3.read_text(encoding="utf-8")):
        turns = [u.strip() for turn in dialogue["turns"] for u in turn["utterances"] if u.strip()]
        if turns:
            yield turns


def mobilecs_calls() -> Iterator[Interaction]:
    if not MOBILECS.exists():
        return
    for call in json.loads(MOBILECS.read_text(encoding="utf-8")):
        turns = [str(pair[s]) for pair in call["content"] for s in SPEAKERS if pair.get(s)]
        if turns:
            yield turns


def build(seed: int = 7) -> list[Interaction]:
    """Every interaction of the three sources (deterministic: seeded fills)."""
    rng = random.Random(seed)
    return [*jddc_sessions(rng), *stc3_dialogues(), *mobilecs_calls()]
