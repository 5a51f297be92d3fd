"""Property tests: mangled sources never crash the importer and never lose a line silently."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from verikb.deck_io import deck_to_dict
from verikb.importers import lines as L
from verikb.importers.cursor import _SIGNAL_RE
from verikb.importers.lines import normalise
from verikb.importers.study_text import parse_study_text

ROOT = Path(__file__).resolve().parent.parent
SOURCE_LINES = [p.read_text(encoding="utf-8").splitlines() for p in sorted((ROOT / "sources").glob("*.txt"))]
GARBAGE = st.one_of(
    st.text(st.characters(exclude_characters="\r\n"), max_size=40),
    st.sampled_from(["✗ Incorrect", "A.", "easy", "beginner", "You got /3 concepts.", "Step 1:", "3. x"]),
    st.sampled_from(["Final Answer:", "Hint:", "(2/7)", "Click to reveal answer", "<script>x</script>"]),
)


@st.composite
def mangled_source(draw: st.DrawFn) -> list[str]:
    lines = list(draw(st.sampled_from(SOURCE_LINES)))
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["delete", "duplicate", "garbage", "swap"]))
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        if not lines:
            break
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "garbage":
            lines.insert(i, draw(GARBAGE))
        else:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
    return lines


# The layout's own words: they mark structure and are not content the deck must repeat.
LAYOUT_WORDS = {"Hint", "Final", "Answer", "Quick", "Check", "Option", "You", "got", "concepts"}
LAYOUT_WORDS |= {"Cheat", "Sheet", "Revision", "mins", "PyTorchml", "TensorFlowml", "Common", "Mistakes"}


def _strings(data: object) -> list[str]:
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return [str(data)]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w{3,}", text))


@settings(max_examples=300, deadline=None)
@given(mangled_source())
def test_every_line_lands_in_the_deck_chrome_or_a_warning(lines: list[str]) -> None:
    result = parse_study_text("\n".join(lines), path="x.txt", deck_id="x")
    deck_text = " ".join(_strings(deck_to_dict(result.deck)))
    warned = {w.line for w in result.deck.warnings}
    for number, raw in enumerate(lines, start=1):
        text = normalise(raw)
        if not text:
            continue
        where = result.placement.get(number)
        assert where is not None, f"line {number} {text!r} was neither placed nor warned about"
        if where == "warning":
            assert number in warned
        elif where == "deck":
            # The content of a placed line really is in the deck (prefixes like "A." aside).
            known = _words(deck_text) | LAYOUT_WORDS
            # An option's letter may be glued to its first word ("ATo speed up").
            missing = {w for w in _words(text) - known if len(w) > 3 and w[1:] not in known}
            assert not missing, (text, missing)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_crashes(text: str) -> None:
    result = parse_study_text(text, path="x.txt", deck_id="x")
    assert all(w.file == "x.txt" for w in result.deck.warnings)


# Line starts the layout gives meaning to, so generated lines hit every signal and option form.
LINE_STARTS = [
    "A",
    "A.",
    "B)",
    "(C)",
    "d)",
    "E:",
    "Fx",
    "-> Option b",
    "Z ",
    "Answer:",
    "Correct Answer: Option ",
    "ANSWER: ",
    "Final Answer:",
    "Quick Check:",
    "Hint:",
    "Common Mistakes:",
    "Step 2:",
    "12. ",
    "You got 2/3 concepts",
    "(1/5)",
    "Beginner",
    "ADVANCED",
    "intermediate",
    "Easy",
    "hard",
    "MeDium",
    "✓ Correct",
    "Choose your learning style",
    "Solution",
    "0",
    "",
]
SINGLE_PURPOSE = {
    "attempt": L.ATTEMPT_RE,
    "count": L.PRACTICE_COUNT_RE,
    "concepts": L.CONCEPTS_RE,
    "answer": L.ANSWER_KEY_RE,
    "number": L.PROBLEM_RE,
    "step": L.STEP_RE,
    "final": L.FINAL_RE,
    "quick_check": L.QUICK_CHECK_RE,
    "hint": L.HINT_RE,
    "mistakes": L.MISTAKES_RE,
}


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(LINE_STARTS), st.text(st.characters(exclude_characters="\r\n"), max_size=12))
def test_one_pass_line_signal_agrees_with_the_single_purpose_recognisers(start: str, rest: str) -> None:
    """The cursor classifies each line with one combined regex; it must say what the named
    recognisers in ``lines`` say, or import speed would have changed what gets imported."""
    line = normalise(start + rest)
    if not line:
        return
    m = _SIGNAL_RE.match(line)
    assert m is not None
    option = L.option_text(line)
    assert (m.group("option") and L.option_shape(m.group("option"))) == (option and option[0])
    expected = {name for name, rx in SINGLE_PURPOSE.items() if rx.match(line)}
    if line in L.CHROME_EXACT or line.startswith(L.CHROME_PREFIXES):
        expected.add("chrome")
    if line.lower() in L.CARD_LEVELS:
        expected.add("card_level")
    if line.lower() in L.PRACTICE_LEVELS:
        expected.add("level")
    signal = None if m.lastgroup == "option" else m.lastgroup
    assert expected == ({signal} if signal else set())


WHITESPACE_HEAVY = st.lists(
    st.sampled_from([" ", "  ", "\t", "\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1e", "\x85", "\xa0"])
    | st.sampled_from(["\u2028", "\u3000", "a", "b c", "é"]),
    max_size=30,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(WHITESPACE_HEAVY | st.text(max_size=40))
def test_nonblank_rows_equal_normalising_every_line(text: str) -> None:
    """The fast path for already-normal texts must give what normalising each line gives."""
    expected = [(n, normalise(line)) for n, line in enumerate(L.split_lines(text), start=1) if normalise(line)]
    assert L.nonblank_rows(text) == expected
