"""Property tests: arbitrary text never crashes the importer; its fast paths say what the plain recognisers say.

Mutated real sources, and where every line lands, are the fuzz suite's (test_importer_fuzz.py).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from verikb.importers import lines as L
from verikb.importers.cursor import _SIGNAL_RE
from verikb.importers.lines import normalise
from verikb.importers.study_text import parse_study_text


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


# The recognisers as they were before they were made linear: the linear ones must agree with them.
_OLD_HTML_TAG_RE = re.compile(r"</?([A-Za-z][\w-]*)[^>]*>")
_OLD_CODE_TAG_RE = re.compile(r"<code>(.*?)</code>", re.IGNORECASE)
_OLD_CODE_RES = (
    re.compile(r"^for\s+[\w, ()]+\s+in\s+.+:$"),
    re.compile(r"^(while|if|elif|with)\s.+:$"),
    re.compile(r"^(else|try|finally):$"),
    re.compile(r"^def\s+\w+\s*\(.*\)\s*(->.*)?:$"),
    re.compile(r"^(import\s+[\w.]+|from\s+[\w.]+\s+import\s+.+)"),
    re.compile(r"^(return|print)\b.*[)\w]$"),
    re.compile(r"^[A-Za-z_][\w.\[\]'\"]*\s*(=|\+=|-=|\*=|/=)\s*[^=\s].*$"),
    re.compile(r"^[A-Za-z_][\w.\[\]]*\(.*\)$"),
)
MARKUP = st.lists(
    st.sampled_from(["<", ">", "/", "a", "B", "-", " ", "<code>", "</code>", "<CODE>", "x", "é"]), max_size=24
)
CODE = st.lists(
    st.sampled_from(["for", "while", "def", "import", "from", "return", "print", "x", " ", "in", "(", ")", ":", "->"])
    | st.sampled_from(["=", "+=", "==", ".", "[", "]", "'", ",", "if", "else", "try", "f", "_", "1"]),
    max_size=14,
)


@settings(max_examples=800, deadline=None)
@given(MARKUP.map("".join))
def test_linear_markup_recognisers_agree_with_the_regexes_they_replace(line: str) -> None:
    assert L.html_tags(line) == [m.group(1).lower() for m in _OLD_HTML_TAG_RE.finditer(line)]
    assert L.code_tag_split(line) == _OLD_CODE_TAG_RE.split(line)


@settings(max_examples=800, deadline=None)
@given(CODE.map("".join))
def test_linear_code_recogniser_agrees_with_the_regexes_it_replaces(line: str) -> None:
    line = normalise(line)
    assert L.looks_like_code(line) == any(rx.match(line) for rx in _OLD_CODE_RES)
