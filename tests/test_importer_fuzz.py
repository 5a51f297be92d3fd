"""Fuzz suite: real sources, mutated the way scrapes and careless edits break them, never crash
or hang the importer; every non-blank line lands in the deck, in a warning, or is chrome; and no
question is silently misread (an option taken for its prompt, its answer key left as text).

The seeds are sources/*.txt and tests/data/good/*.txt; the mutations delete, repeat, swap and
cut lines, rewrite option letters into other layouts, put chrome words and layout lines where
they do not belong, and stretch lines. Every input that once failed is kept as an ``@example``.
"""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from verikb.deck_io import deck_to_dict
from verikb.importers import lines as L
from verikb.importers.study_text import parse_study_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [
    p.read_text(encoding="utf-8").split("\n")
    for p in (*sorted((ROOT / "sources").glob("*.txt")), *sorted((ROOT / "tests" / "data" / "good").glob("*.txt")))
    if not p.name.startswith("utf16")
]
LAYOUT_LINES = [
    *sorted(L.CHROME_EXACT),
    *(f"{prefix} later" for prefix in L.CHROME_PREFIXES),
    *("✗ Incorrect", "✓ Correct", "(2/7)", "You got /3 concepts.", "beginner", "easy", "HARD", "3. Which one?"),
    *("Answer: (C)", "Answer: b", "Final Answer: Option A", "Final Answer:", "-> Option b", "x -> Option Z"),
    *("Step 1: Look", "Quick Check:", "Hint: think", "Common Mistakes:", "Solution"),
    *("(A) one", "(B) two", "a) one", "b) two", "A: one", "B: two", "Aone", "Btwo", "Adjusting", "Because"),
    *("1) one", "- bullet", "<script>x</script>", "<a", "<code>x</code>", "for x in y:", "0", "or"),
]
_OPTION_START = re.compile(r"^(?:\(([A-Za-z])\)|([A-Za-z])[.):])\s*(.*)$|^([A-Z])(.*)$")


def _relettered(line: str, layout: str) -> str:
    """An option-looking line rewritten into another option layout, its text's case flipped."""
    m = _OPTION_START.match(line)
    if m is None:
        return line
    letter = next(g for g in (m[1], m[2], m[4]) if g)
    text = (m[3] if m[4] is None else m[5]) or "x"
    text = text[0].swapcase() + text[1:]
    return layout.replace("A", letter.upper()).replace("a", letter.lower()) + text


@st.composite
def mutated_source(draw: st.DrawFn) -> str:
    lines = list(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 8))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "repeat", "swap", "layout line", "garbage", "cut", "reletter", "stretch"]))
        if op == "delete":
            del lines[i]
        elif op == "repeat":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "layout line":
            lines.insert(i, draw(st.sampled_from(LAYOUT_LINES)))
        elif op == "garbage":
            lines.insert(i, draw(st.text(st.characters(exclude_characters="\r\n"), max_size=30)))
        elif op == "cut":
            del lines[i + 1 :]
        elif op == "reletter":
            lines[i] = _relettered(lines[i], draw(st.sampled_from(["(A) ", "a) ", "A: ", "A", "A. ", "a. "])))
        else:
            lines[i] = " ".join([lines[i]] * draw(st.integers(2, 40)))
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines)


# The layout's own words: they mark structure and are not content the deck must repeat.
LAYOUT_WORDS = {"Hint", "Final", "Answer", "Quick", "Check", "Option", "You", "got", "concepts", "Correct"}
LAYOUT_WORDS |= {"Cheat", "Sheet", "Revision", "mins", "PyTorchml", "TensorFlowml", "Common", "Mistakes"}
LAYOUT_WORDS = {w.casefold() for w in LAYOUT_WORDS}  # header and level words are read in any case
_CHROME_LINE_RES = (
    L.ATTEMPT_RE,
    L.PRACTICE_COUNT_RE,
    re.compile(r"^(?:Final Answer|Quick Check|Common Mistakes):$", re.IGNORECASE),
)


def _is_chrome(text: str) -> bool:
    """Text the importer may drop as the viewer's chrome: its words, attempts, counts, bare headings."""
    chrome = text in L.CHROME_EXACT or text.startswith(L.CHROME_PREFIXES)
    return chrome or any(rx.match(text) for rx in _CHROME_LINE_RES)


def _strings(data: object) -> Iterator[str]:
    if isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)
    else:
        yield str(data)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w{3,}", text.casefold()))


# Written independently of the importer's recognisers: a line that starts like a marked option
# ("(C) x", "c) x", "C. x", "C: x"), and a line that only names an answer ("Answer: (C)").
_MARKED_OPTION_RE = re.compile(r"^(?:\([A-Za-z]\)|[A-Za-z][.):])\s")
_KEY = r"(?:Option\s+)?\(?[A-Z]\)?"
_KEY_ONLY_RE = re.compile(rf"^(?:(?:Correct\s+)?Answer\s*:\s*{_KEY}|Final Answer:\s*{_KEY}|->\s*Option\s+[A-Z])$", re.I)


def _check_questions(result: object, warned: set[int]) -> None:
    """No silent phantom question (an option taken for a prompt), no answer key left as text."""
    for q in result.deck.questions:  # type: ignore[attr-defined]
        if not q.options and _MARKED_OPTION_RE.match(q.prompt):
            assert q.line in warned, f"{q.id} {q.prompt!r} reads like an option, with no warning"
        first = (q.explanation or "").split("\n")[0]
        assert not _KEY_ONLY_RE.match(first), f"{q.id}: its answer key {first!r} was read as explanation"


@contextmanager
def _hard_timeout(seconds: int) -> Iterator[None]:
    """Fail an example that runs this long: a hang, not slowness (an example takes milliseconds)."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"the importer ran for over {seconds} s on one example")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@settings(max_examples=2000, deadline=None)
@given(mutated_source())
# Inputs that once failed. The importer before the option-layout fix: the last option of a list
# in the "(A) x" layout became a question, with no warning.
@example("Which?\n(A) one\n(B) two\n(C) three\n✗ Incorrect\nBecause.")
# This suite's own first drafts: header and heading words are read in any case.
@example("PYTorchml~3 mins\nbeginner\nWhat is lr?\nThe step size.\nClick to reveal answer")
@example("1. Which?\neasy\nA. x\nB. y\nSolution\nStep 1: Look\nx\nCOmmon Mistakes:\nNone")
def test_mutated_sources_never_crash_hang_lose_a_line_or_misread_a_question(text: str) -> None:
    with _hard_timeout(20):
        result = parse_study_text(text, path="x.txt", deck_id="x")
    deck_words = _words(" ".join(_strings(deck_to_dict(result.deck)))) | LAYOUT_WORDS
    warned = {w.line for w in result.deck.warnings}
    _check_questions(result, warned)
    for number, raw in enumerate(L.split_lines(text), start=1):
        line = L.normalise(raw)
        if not line:
            continue
        where = result.placement.get(number)
        assert where is not None, f"line {number} {line!r} was neither placed nor warned about"
        if where == "warning":
            assert number in warned, f"line {number} {line!r} was left out without a warning at its line"
        elif where == "chrome":
            assert _is_chrome(line), f"line {number} {line!r} was dropped as chrome"
        else:
            # The words of a placed line are in the deck; an option letter may be glued to the first.
            missing = {w for w in _words(line) - deck_words if len(w) > 3 and w[1:] not in deck_words}
            assert not missing, f"line {number} {line!r}: {missing} not in the deck"
