"""The agent → team mapping from a CSV file (``callqa agents import``): agent_id, name, team, supervisor."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy.orm import Session

from common.errors import CallqaError
from storage.report_models import Agent

COLUMNS = ("agent_id", "name", "team", "supervisor")


def read_agents(path: Path) -> list[Agent]:
    """Every row checked; the first bad one raises with file:line, what is wrong and how to fix it."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise CallqaError(f"{path}:1", f"header lacks {', '.join(missing)}",
                              f"the header must name {', '.join(COLUMNS)}")
        agents: dict[str, Agent] = {}
        for row in reader:
            where = f"{path}:{reader.line_num}"
            values = {c: (row.get(c) or "").strip() for c in COLUMNS}
            empty = [c for c in COLUMNS if not values[c]]
            if empty:
                raise CallqaError(where, f"empty {', '.join(empty)}", "every column needs a value")
            if values["agent_id"] in agents:
                raise CallqaError(where, f"agent_id {values['agent_id']} appears twice", "keep one row per agent")
            agents[values["agent_id"]] = Agent(**values)
    return list(agents.values())


def import_agents(session: Session, path: Path) -> int:
    """Insert or replace each agent of the file; agents not in the file are kept."""
    agents = read_agents(path)
    for agent in agents:
        session.merge(agent)
    return len(agents)
