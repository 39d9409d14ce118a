"""One Aho-Corasick automaton per text kind for every literal phrase list of the loaded rubrics (D148).

A phrase block's pre-check needs the sentences of a call where one of its literal words occurs (its
phrases, the character pairs of its fuzzy phrases, its sound codes). Instead of one regex scan of the call
per block, every such word list is registered here as a *group* at rubric load, and a call's text is
scanned once per text kind (the characters, or their ``pinyin``/``fuzzy`` codes): each occurrence names
the groups its word belongs to. Groups are deduplicated by their word set, so reloading a rubric adds
nothing. Nothing is cached per text.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Iterable, Sequence

import ahocorasick


class Lexicon:
    """Literal word groups of one text kind and their automaton, rebuilt when a new group arrives."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._groups_of: list[list[int]] = []
        """Word id → the groups that contain the word."""
        self._counted_of: list[list[int]] = []
        """Word id → the *counted* groups that contain it (their rows need two occurrences, D162)."""
        self._known: dict[tuple[frozenset[str], bool], int] = {}
        self._automaton: ahocorasick.Automaton | None = None
        self._lock = threading.Lock()

    @property
    def size(self) -> int:
        """Number of groups; a scan result covers exactly the groups below its ``size``."""
        return len(self._known)

    def group(self, words: Iterable[str], counted: bool = False) -> int:
        """The id of the group of ``words`` (non-empty strings without newlines), registered if new. A ``counted``
        group is a separate group whose rows (``rows``' key ``-1 - id``) hold two occurrences of its words."""
        key = (frozenset(w for w in words if w), counted)
        with self._lock:
            if (known := self._known.get(key)) is not None:
                return known
            gid = len(self._known)
            for word in key[0]:
                if word not in self._ids:
                    self._ids[word] = len(self._groups_of)
                    self._groups_of.append([])
                    self._counted_of.append([])
                (self._counted_of if counted else self._groups_of)[self._ids[word]].append(gid)
            self._known[key] = gid
            self._automaton = None
            return gid

    def rows(self, text: str, starts: Sequence[int],
             labels: Sequence[int] | None = None) -> tuple[int, dict[int, set[int]]]:
        """(groups covered, group → rows of ``text`` where one of its words occurs, and ``-1 - group`` → rows where
        a counted group's words occur twice); rows begin at ``starts``
        and are reported as their ``labels`` (e.g. segment indices) when given."""
        automaton, size = self._built()
        out: dict[int, set[int]] = {}
        if automaton is None:
            return size, out
        groups_of, counted_of = self._groups_of, self._counted_of
        seen: set[tuple[int, int]] = set()
        for end, word in automaton.iter(text):
            row = bisect_right(starts, end) - 1
            if labels is not None:
                row = labels[row]
            for gid in groups_of[word]:
                if (rows := out.get(gid)) is None:
                    out[gid] = {row}
                else:
                    rows.add(row)
            for gid in counted_of[word]:  # distinct (end, word) occurrences: distinct positions of the text
                if (gid, row) not in seen:
                    seen.add((gid, row))
                elif (rows := out.get(-1 - gid)) is None:
                    out[-1 - gid] = {row}
                else:
                    rows.add(row)
        return size, out

    def _built(self) -> tuple[ahocorasick.Automaton | None, int]:
        with self._lock:
            if self._automaton is None and self._ids:
                automaton = ahocorasick.Automaton()
                for word, wid in self._ids.items():
                    automaton.add_word(word, wid)
                automaton.make_automaton()
                self._automaton = automaton
            return self._automaton, len(self._known)


LEXICONS: dict[str | None, Lexicon] = {None: Lexicon(), "pinyin": Lexicon(), "fuzzy": Lexicon()}
"""Per text kind: None for the characters, a sound mode for their codes."""
