"""Property tests: mangled sources never crash the importer and never lose a line silently."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from verikb.deck_io import deck_to_dict
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
