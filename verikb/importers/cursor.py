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
        lines = _classify(texts)  # type: ignore[arg-type]
        self._signals, self._blocks, self._option_runs = lines.signals, lines.blocks, lines.option_runs
        for i, message in lines.doubts:
            self.warn(self.rows[i][0], message)
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


# The leading look-ahead also says whether the line reads as an option: it captures the option
# prefix (``lines.OPTION_PREFIX``) when one character of text follows it, as ``lines.option_text``
# asks; one character stands for the text, so the look-ahead does not scan the line.
_OPTION_AHEAD = f"(?:(?=(?P<option>{L.OPTION_PREFIX}).))?"
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
# Signals that follow a question's options, and that put options glued to lowercase text in a
# question's place.
_AFTER_OPTIONS = frozenset({"answer", "attempt", "final"})


@dataclass(slots=True)
class _Lines:
    """What classifying the lines found: per line its signal, the block starting there, the
    length of the option list starting there; and the doubtful lines to warn about."""

    signals: list[Signal | None]
    blocks: list[BlockKind | None]
    option_runs: list[int]
    doubts: list[tuple[int, str]]
    """(index, message) for lines read as text that might be something else."""


def _classify(texts: list[str]) -> _Lines:
    """Signals from one regex match per line, then blocks and option lists from the signals."""
    matches = [_SIGNAL_RE.match(t) for t in texts]  # always a match: every part is optional
    signals: list[Signal | None] = [m.lastgroup for m in matches]  # type: ignore[union-attr, misc]
    # Few lines carry a signal or an option prefix: the rules below visit only those lines.
    shapes: dict[int, L.OptionShape] = {}
    for i, signal in enumerate(signals):
        if signal is None:
            continue
        if signal == "option":
            signals[i] = None  # the option prefix alone is no signal
            shapes[i] = L.option_shape(matches[i][1])  # type: ignore[index]
        elif (prefix := matches[i][1]) is not None and not (shape := L.option_shape(prefix)).weak:  # type: ignore[index]
            shapes[i] = shape  # "ANSWER: B" is option A as well, as it always was; "Hint: x" is not option H
    lines = _blocks(texts, signals, shapes)
    misplaced = _misplaced_chrome(texts, lines)
    if misplaced:  # rare: chrome words that are content where they stand; classify again without them
        for i in misplaced:
            lines.signals[i] = None
        doubts = lines.doubts
        lines = _blocks(texts, lines.signals, shapes)
        lines.doubts += [d for d in doubts if d not in lines.doubts]
    return lines


def _blocks(texts: list[str], signals: list[Signal | None], shapes: dict[int, L.OptionShape]) -> _Lines:
    n = len(texts)
    at: dict[str, list[int]] = {}
    for i, signal in enumerate(signals):
        if signal is not None:
            at.setdefault(signal, []).append(i)
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
    # Blocks known without options first: a line that starts one is no option glued to its text.
    strong: dict[int, BlockKind] = {i: "problem" for i in at.get("number", ()) if problem_at(i)}
    for j in at.get("concepts", ()):
        a = shapes.get(j - 1)
        if j >= 2 and j - 1 not in is_marker and not (a and a.index == 0 and not a.weak):
            strong[j - 2] = "prompt"  # prompt, hint, "You got …"
        if j >= 1:
            strong[j - 1] = "prompt"  # prompt, "You got …"
    strong.update((i, "marker") for i in markers)
    option_runs, doubts = _option_runs(texts, signals, shapes, strong)
    blocks: list[BlockKind | None] = [None] * n
    options_at = [i for i, count in enumerate(option_runs) if count]
    for j in (*options_at, *at.get("answer", ()), *at.get("attempt", ())):
        if j >= 1:
            blocks[j - 1] = "question"  # a line followed by options or an answer key
    for i, kind in strong.items():
        blocks[i] = kind
    return _Lines(signals, blocks, option_runs, doubts)


def _option_runs(
    texts: list[str], signals: list[Signal | None], shapes: dict[int, L.OptionShape], starts: dict[int, BlockKind]
) -> tuple[list[int], list[tuple[int, str]]]:
    """Per line: how many options (A, B, C, …, letters going up by one) start there; 0 unless 2+.

    A letter glued to a lowercase word ("Alearning rate", but also "Adjusting the rate") is an
    option only inside a list that stands where a question's options do: after a line ending in
    "?" or ":", or a practice level, or before an answer key. A line that starts another block,
    or ends in "?" (the next question's stem: "Explain…" after option D), is never one. A list
    that needs such lines and stands elsewhere is read as text, with a warning.
    """
    n = len(texts)
    member = {
        i: shape for i, shape in shapes.items() if not shape.weak or (i not in starts and not texts[i].endswith("?"))
    }
    run: dict[int, int] = {}
    for i in sorted(member, reverse=True):
        follows = (after := member.get(i + 1)) is not None and after.index == member[i].index + 1
        run[i] = run[i + 1] + 1 if follows else 1
    option_runs = [0] * n
    doubts: list[tuple[int, str]] = []
    for i, shape in member.items():
        if shape.index != 0 or run[i] < 2:
            continue
        count = run[i]
        strong = next((k for k in range(count) if member[i + k].weak), count)
        if strong < count and not _asks(texts, signals, i, i + count):
            doubts.append((i + strong, _glued_doubt(strong, count)))
            count = strong
        if count >= 2:
            option_runs[i] = count
    return option_runs, doubts


def _asks(texts: list[str], signals: list[Signal | None], first: int, end: int) -> bool:
    """Whether lines ``first``..``end - 1`` stand where a question's options do."""
    if first >= 1 and (signals[first - 1] == "level" or (signals[first - 1] is None and texts[first - 1][-1] in "?:")):
        return True
    return end < len(texts) and signals[end] in _AFTER_OPTIONS


def _glued_doubt(strong: int, count: int) -> str:
    letters = f"{chr(ord('A') + strong)}-{chr(ord('A') + count - 1)}" if count - strong > 1 else chr(ord("A") + strong)
    return (
        f"read as text, though it starts like option{'s' if count - strong > 1 else ''} {letters} glued to "
        "its text: no question stem (a line ending in '?' or ':') stands before the list"
    )


def _misplaced_chrome(texts: list[str], lines: _Lines) -> list[int]:
    """Chrome words standing where the viewer never puts them: content there, not chrome.

    The viewer's header words ("0", "or", "Recommended", "Test this pattern…") come before the
    first item; "Recall & Review" heads the cards, "Click to reveal answer" closes one, "Practice"
    heads the problems (their count or the first problem follows it) and "Solution" opens a
    problem's solution, before its first step. One pass in line order: each verdict sees the
    ones above it (a misplaced chrome line starts nothing).
    """
    signals, blocks = lines.signals, lines.blocks
    if "chrome" not in signals:
        return []
    n = len(texts)
    starts = zip(blocks, signals, strict=True)
    first_item = next((i for i, (b, s) in enumerate(starts) if b not in (None, "marker") or s == "card_level"), n)
    misplaced: list[int] = []
    opened: int | None = None  # the line that started the block we are in (a problem's level aside)
    stepped = False  # a step heading since then
    for i, signal in enumerate(signals):
        if signal == "chrome" and not _chrome_in_place(
            texts, signals, blocks, i, opened=opened, stepped=stepped, first_item=first_item
        ):
            misplaced.append(i)
            continue
        if blocks[i] is not None and not (blocks[i] == "question" and signal == "level"):
            opened, stepped = i, False
        stepped = stepped or signal == "step"
    return misplaced


def _chrome_in_place(
    texts: list[str],
    signals: list[Signal | None],
    blocks: list[BlockKind | None],
    i: int,
    *,
    opened: int | None,
    stepped: bool,
    first_item: int,
) -> bool:
    """Whether chrome line ``i`` stands where the viewer puts it, in the block ``opened`` started."""
    t = texts[i]
    if t == "Recall & Review":
        return i < first_item or (i + 1 < len(texts) and signals[i + 1] == "card_level")
    if t == "Practice":
        return i + 1 == len(texts) or signals[i + 1] == "count" or blocks[i + 1] == "problem"
    if t == "Click to reveal answer":
        return i < first_item or (opened is not None and signals[opened] == "card_level")
    if t == "Solution":
        return opened is not None and blocks[opened] == "problem" and not stepped
    return i < first_item


def take_options(cur: Cursor) -> list[str]:
    options: list[str] = []
    for _ in range(cur.options_ahead()):
        option = L.option_text(cur.take()[1])
        assert option is not None  # the classification matched it
        options.append(option[1])
    return options


def option_index(cur: Cursor, letter: str, options: list[str], item: str) -> int | None:
    index = ord(letter.upper()) - ord("A")
    if index < len(options):
        return index
    cur.warn(cur.lineno(), f"{item}: answer names option {letter} but there are {len(options)} options")
    return None
