"""The importer's cursor over normalised lines, and the look-ahead that tells blocks apart."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Literal

from verikb.importers import lines as L
from verikb.model import SourceWarning

__all__ = [
    "Cursor",
    "Placement",
    "block_start",
    "is_marker",
    "option_index",
    "problem_at",
    "prompt_at",
    "question_at",
    "take_options",
]

Placement = Literal["deck", "chrome", "warning"]


@dataclass(slots=True)
class Cursor:
    """Walks the non-blank lines and records where each one lands."""

    path: str
    rows: list[tuple[int, str]]
    pos: int = 0
    placement: dict[int, Placement] = field(default_factory=dict)
    warnings: list[SourceWarning] = field(default_factory=list)

    def text(self, offset: int = 0) -> str | None:
        i = self.pos + offset
        return self.rows[i][1] if i < len(self.rows) else None

    def lineno(self, offset: int = 0) -> int:
        i = min(self.pos + offset, len(self.rows) - 1)
        return self.rows[i][0] if self.rows else 0

    def take(self, how: Placement = "deck") -> tuple[int, str]:
        row = self.rows[self.pos]
        self.placement[row[0]] = how
        self.pos += 1
        return row

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(SourceWarning(file=self.path, line=line, message=message))

    def skip_unplaced(self, why: str) -> None:
        line, text = self.take("warning")
        self.warn(line, f"{why}: {text[:80]!r}")


@functools.lru_cache(maxsize=4096)  # the same few marker lines recur in every text
def is_marker(t: str | None) -> bool:
    """Lines that always end the block before them."""
    return t is not None and (L.is_chrome(t) or t.lower() in L.CARD_LEVELS or bool(L.PRACTICE_COUNT_RE.match(t)))


def prompt_at(cur: Cursor) -> bool:
    nxt, after = cur.text(1), cur.text(2)
    if nxt is not None and L.CONCEPTS_RE.match(nxt):
        return True
    return (
        after is not None
        and bool(L.CONCEPTS_RE.match(after))
        and nxt is not None
        and not is_marker(nxt)
        and L.match_option(nxt, "A") is None
    )


def options_ahead(cur: Cursor, offset: int) -> int:
    """How many options (A, B, …) start at ``offset``; one alone is prose, not an option list."""
    count = 0
    while (t := cur.text(offset + count)) is not None and count < 26:
        if L.match_option(t, chr(ord("A") + count)) is None:
            break
        count += 1
    return count if count >= 2 else 0


def question_at(cur: Cursor) -> bool:
    nxt = cur.text(1)
    if nxt is None or is_marker(cur.text()) or problem_at(cur):
        return False
    return bool(options_ahead(cur, 1) or L.ATTEMPT_RE.match(nxt) or L.ANSWER_KEY_RE.match(nxt))


def problem_at(cur: Cursor) -> bool:
    """A numbered line followed, within a few lines, by an easy/medium/hard level."""
    if not L.PROBLEM_RE.match(cur.text() or ""):
        return False
    for k in range(1, 25):
        t = cur.text(k)
        if t is None or is_marker(t) or L.CONCEPTS_RE.match(t):
            return False
        if t.lower() in L.PRACTICE_LEVELS:
            return True
    return False


def block_start(cur: Cursor) -> bool:
    t = cur.text()
    return t is None or is_marker(t) or prompt_at(cur) or question_at(cur) or problem_at(cur)


def take_options(cur: Cursor) -> list[str]:
    options: list[str] = []
    for _ in range(options_ahead(cur, 0)):
        text = L.match_option(cur.take()[1], chr(ord("A") + len(options)))
        assert text is not None  # options_ahead matched it
        options.append(text)
    return options


def option_index(cur: Cursor, letter: str, options: list[str], item: str) -> int | None:
    index = ord(letter.upper()) - ord("A")
    if index < len(options):
        return index
    cur.warn(cur.lineno(), f"{item}: answer names option {letter} but there are {len(options)} options")
    return None
