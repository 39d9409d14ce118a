"""China's administrative divisions for the address detector, from jionlp's shipped division table.

jionlp (``jionlp/dictionary/china_location.zip``, maintained with the civil-affairs codes) lists five levels,
one per indentation: province, city, county/district (each ``name<TAB>code<TAB>alias``), town/street
office, village/community. We read the first four straight from the zip — without importing jionlp, whose
import loads its whole toolkit — once per process, on first use (never at import: the web app imports the
redactor). Villages (650 k names) are not loaded: the grammar recognises 村 / 屯 / 社区 by their suffix.
"""

from __future__ import annotations

import importlib.util
import io
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from common.errors import ConfigError

MEMBER = "china_location.txt"
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "街道", "地区", "新区", "省", "市", "区", "县", "镇", "乡",
            "旗", "盟", "州")
"""Endings of division names; the bare stem (上海, 朝阳) is accepted too when it has two characters or more."""


@dataclass(frozen=True)
class Gazetteer:
    names: frozenset[str]
    """Full names, aliases and stems of provinces, cities and counties; full names of towns."""
    longest: int

    def admin_at_end(self, text: str, end: int) -> int:
        """The start of the longest division name ending at ``end`` (``end`` itself when there is none)."""
        for size in range(min(self.longest, end), 1, -1):
            if text[end - size:end] in self.names:
                return end - size
        return end

    def is_admin(self, word: str) -> bool:
        return word in self.names


def _source() -> Path:
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError("jionlp", "the package is not installed (the address gazetteer reads its division table)",
                          "pip install jionlp==1.5.31 (pyproject.toml lists it)")
    return Path(next(iter(spec.submodule_search_locations))) / "dictionary" / "china_location.zip"


def _stems(name: str) -> list[str]:
    out = [name]
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            out.append(name[: -len(suffix)])
            break
    return out


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The divisions, loaded once (about 50 k names, ~0.5 s)."""
    path = _source()
    names: set[str] = set()
    with zipfile.ZipFile(path) as archive, archive.open(MEMBER) as raw:
        for line in io.TextIOWrapper(raw, encoding="utf-8"):
            depth = len(line) - len(line.lstrip("\t"))
            if depth > 3:
                continue
            fields = line.strip().split("\t")
            for field in [fields[0], *(fields[2].split("/") if len(fields) == 3 else [])]:
                if len(field) >= 2:  # towns by full name only: their stems (建国, 人民, 和平) are road names
                    names.update(_stems(field) if depth < 3 else [field])
    if not names:
        raise ConfigError(f"{path}:{MEMBER}", "no division names found", "reinstall jionlp==1.5.31")
    return Gazetteer(frozenset(names), max(len(n) for n in names))
