"""The importer's cursor over normalised lines, and the look-ahead that tells blocks apart.

Every line is classified once, when the cursor is built: which block (if any) starts
there. The parser then asks "does a block start here?" at almost every line, and the
answer is a list lookup instead of a fresh look-ahead of regex matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from verikb.importers import lines as L
from verikb.model import SourceWarning

__all__ = ["BlockKind", "Cursor", "Placement", "Signal", "option_index", "take_options"]

Placement = Literal["deck", "chrome", "warning"]
BlockKind = Literal["marker", "prompt", "question", "problem"]
# What a single line announces, from one combined regex match (see _SIGNAL_RE).
Signal = Literal[
    "chrome",
    "attempt",
    "count",
    "card_level",
    "concepts",
    "answer",
    "number",
    "step",
    "final",
    "quick_check",
    "hint",
    "mistakes",
    "level",
]

# How far below a numbered line its easy/medium/hard level may sit.
_PROBLEM_LEVEL_REACH = 24


@dataclass(slots=True)
class Cursor:
    """Walks the non-blank lines and records where each one lands."""

    path: str
    rows: list[tuple[int, str]]
    pos: int = 0
    placement: dict[int, Placement] = field(default_factory=dict)
    warnings: list[SourceWarning] = field(default_factory=list)
    _texts: list[str | None] = field(init=False, repr=False)
    _signals: list[Signal | None] = field(init=False, repr=False)
    _blocks: list[BlockKind | None] = field(init=False, repr=False)
    _option_runs: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        texts: list[str | None] = [t for _, t in self.rows]
        self._signals, self._blocks, self._option_runs = _classify(texts)  # type: ignore[arg-type]
        # One entry past the last line stands for the end of the text: no bounds checks per call.
        texts.append(None)
        self._texts = texts
        self._signals.append(None)
        self._blocks.append("marker")
        self._option_runs.append(0)

    def text(self) -> str | None:
        """The current line, None at the end of the text."""
        return self._texts[self.pos]

    def lineno(self) -> int:
        i = min(self.pos, len(self.rows) - 1)
        return self.rows[i][0] if self.rows else 0

    def signal(self) -> Signal | None:
        """What the current line announces on its own (a step heading, an answer key, …)."""
        return self._signals[self.pos]

    def block(self) -> BlockKind | None:
        """The block that starts at the current line, None for a line inside a block."""
        return self._blocks[self.pos]

    def at_block_end(self) -> bool:
        """True at the end of the text or where the next block starts."""
        return self._blocks[self.pos] is not None

    def at_marker(self) -> bool:
        """True at the end or at a line that always ends the block before it."""
        return self._blocks[self.pos] == "marker"

    def options_ahead(self) -> int:
        """How many options (A, B, …) start at the current line; one alone is prose."""
        return self._option_runs[self.pos]

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


# One C-level match per line says which signal (if any) a line carries. The alternatives are
# mutually exclusive (each needs a different start), and each ends in an empty group named
# after its signal, so ``lastgroup`` names the one that matched. The name goes at the end, not
# around the alternative: sre skips a branch after one character compare only when the branch
# starts with a literal or a class, not with a group; this made the match 30% cheaper
# (callgrind: 8.6k -> 6.1k instructions per line). Each alternative reuses the pattern of its
# single-purpose regex in ``lines``.
def _tagged(name: str, body: str, flags: str = "") -> str:
    return f"(?{flags}:{body})(?P<{name}>)"


def _from(name: str, rx: re.Pattern[str]) -> str:
    # Its groups, made non-capturing: the cursor reads only which alternative matched, and fewer
    # groups make a smaller match object and fewer marks to save (a third of ``_classify``).
    body = _CAPTURING_RE.sub("(?:", rx.pattern.removeprefix("^"))
    return _tagged(name, body, "i" if rx.flags & re.IGNORECASE else "")


# "(" that opens a capturing group: not escaped, not "(?". (No signal regex has "(" in a class.)
_CAPTURING_RE = re.compile(r"(?<!\\)\((?!\?)")


# The leading look-ahead also says whether the line reads as an option: its letter, then
# what ``lines.OPTION_BODY_RE`` accepts after it. That regex ends in ``(.+)$``; here one
# character stands for it (lines hold no newline), so the look-ahead does not scan the line.
_OPTION_AHEAD = r"""(?:(?=(?P<option>[A-Z])(?:[.)]\s*|\s+|(?=[A-Z0-9"'(\[<`$\-])).))?"""
_CHROME = "|".join([f"{re.escape(t)}$" for t in sorted(L.CHROME_EXACT)] + [re.escape(p) for p in L.CHROME_PREFIXES])
# A level line is the level word alone, in any ASCII case (what ``line.lower() in LEVELS`` says:
# no non-ASCII letter lower-cases into these words).
_SIGNAL_RE = re.compile(
    _OPTION_AHEAD
    + "(?:"
    + "|".join(
        (
            _tagged("chrome", _CHROME),
            _tagged("card_level", f"(?:{'|'.join(sorted(L.CARD_LEVELS))})$", "ai"),
            _tagged("level", f"(?:{'|'.join(sorted(L.PRACTICE_LEVELS))})$", "ai"),
            _from("attempt", L.ATTEMPT_RE),
            _from("count", L.PRACTICE_COUNT_RE),
            _from("concepts", L.CONCEPTS_RE),
            _from("answer", L.ANSWER_KEY_RE),
            _from("number", L.PROBLEM_RE),
            _from("step", L.STEP_RE),
            _from("final", L.FINAL_RE),
            _from("quick_check", L.QUICK_CHECK_RE),
            _from("hint", L.HINT_RE),
            _from("mistakes", L.MISTAKES_RE),
        )
    )
    + ")?"
)
# Group 1 is the option letter; every other group is an empty signal tag.
assert _SIGNAL_RE.groups == 1 + len(Signal.__args__), "a signal regex kept a capturing group"  # type: ignore[attr-defined]
_MARKER_SIGNALS = frozenset({"chrome", "attempt", "count", "card_level"})
_ANSWER_SIGNALS = frozenset({"answer", "attempt"})


def _classify(texts: list[str]) -> tuple[list[Signal | None], list[BlockKind | None], list[int]]:
    """Per line: its signal, the block starting there, and the length of the option list there."""
    n = len(texts)
    matches = [_SIGNAL_RE.match(t) for t in texts]  # always a match: every part is optional
    signals: list[Signal | None] = [m.lastgroup for m in matches]  # type: ignore[union-attr, misc]
    # Few lines carry a signal or an option letter: the rules below visit only those lines.
    flagged = [i for i, signal in enumerate(signals) if signal is not None]
    letters: dict[int, str] = {i: letter for i in flagged if (letter := matches[i][1]) is not None}  # type: ignore[index]
    at: dict[str, list[int]] = {}
    for i in flagged:
        at.setdefault(signals[i], []).append(i)  # type: ignore[arg-type]
    for i in at.pop("option", ()):
        signals[i] = None  # the option letter alone is no signal
    option_runs = _option_runs(letters, n)
    markers = sorted(i for name in _MARKER_SIGNALS for i in at.get(name, ()))
    is_marker = set(markers)

    def problem_at(i: int) -> bool:
        """A numbered line followed, within a few lines, by an easy/medium/hard level."""
        for k in range(i + 1, min(i + 1 + _PROBLEM_LEVEL_REACH, n)):
            if k in is_marker or signals[k] == "concepts":
                return False
            if signals[k] == "level":
                return True
        return False

    # Rules from the weakest to the strongest: a later rule overrides an earlier one on its line.
    blocks: list[BlockKind | None] = [None] * n
    options_at = [i for i in letters if option_runs[i]]
    for j in (*options_at, *at.get("answer", ()), *at.get("attempt", ())):
        if j >= 1:
            blocks[j - 1] = "question"  # a line followed by options or an answer key
    for i in at.get("number", ()):
        if problem_at(i):
            blocks[i] = "problem"
    for j in at.get("concepts", ()):
        if j >= 2 and j - 1 not in is_marker and letters.get(j - 1) != "A":
            blocks[j - 2] = "prompt"  # prompt, hint, "You got …"
        if j >= 1:
            blocks[j - 1] = "prompt"  # prompt, "You got …"
    for i in markers:
        blocks[i] = "marker"
    return signals, blocks, option_runs


def _option_runs(letters: dict[int, str], n: int) -> list[int]:
    """Per line: how many options (A, B, C, …, letters going up by one) start there; 0 unless 2+."""
    run: dict[int, int] = {}
    for i in sorted(letters, reverse=True):
        follows = letters.get(i + 1) == chr(ord(letters[i]) + 1)
        run[i] = run[i + 1] + 1 if follows else 1
    option_runs = [0] * n
    for i, letter in letters.items():
        if letter == "A" and run[i] >= 2:
            option_runs[i] = run[i]
    return option_runs


def take_options(cur: Cursor) -> list[str]:
    options: list[str] = []
    for _ in range(cur.options_ahead()):
        text = L.match_option(cur.take()[1], chr(ord("A") + len(options)))
        assert text is not None  # the classification matched it
        options.append(text)
    return options


def option_index(cur: Cursor, letter: str, options: list[str], item: str) -> int | None:
    index = ord(letter.upper()) - ord("A")
    if index < len(options):
        return index
    cur.warn(cur.lineno(), f"{item}: answer names option {letter} but there are {len(options)} options")
    return None
