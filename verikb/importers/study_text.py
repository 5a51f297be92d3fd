"""Importer for scraped "Cheat Sheet & Quick Revision" study texts: text -> Deck.

Every non-blank line ends up in the deck, in the recognised chrome, or in a warning
with its line number; ``ImportResult.placement`` records which, so tests can prove it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from verikb.importers import lines as L
from verikb.importers.cursor import Cursor, Placement, option_index, take_options
from verikb.importers.deck_checks import Parsed, check_deck
from verikb.importers.practice import parse_practice
from verikb.model import Card, Deck, Prompt, Question, TextPart

__all__ = ["ImportResult", "parse_study_text"]

_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportResult:
    """A deck and, for every non-blank source line, where it went."""

    deck: Deck
    placement: dict[int, Placement]


@dataclass(slots=True)
class _Header:
    """What the page header says, when the scrape kept it."""

    title: str | None = None
    framework: Literal["pytorch", "tensorflow"] | None = None
    minutes: int | None = None


def parse_study_text(text: str, *, path: str, deck_id: str) -> ImportResult:
    """Parse one study text into a deck; raises nothing for odd content, it warns."""
    cur = Cursor(path=path, rows=L.nonblank_rows(text))
    header = _Header()
    got = Parsed(cards=[], questions=[], prompts=[], practice=[], card_backs={})
    while cur.text() is not None:
        t = cur.text()
        assert t is not None
        signal = cur.signal()
        if header.framework is None and (m := L.HEADER_RE.match(t)):
            header.framework = "pytorch" if m.group(1).lower() == "pytorch" else "tensorflow"
            header.minutes = int(m.group(2))
            cur.take("deck")
        elif header.title is None and (m := L.TITLE_RE.match(t)):
            header.title = m.group(1)
            cur.take("deck")
        elif signal == "count" and (m := L.PRACTICE_COUNT_RE.match(t)):
            got.announced = (cur.take("chrome")[0], int(m.group(2)))
        elif signal in ("chrome", "attempt"):
            cur.take("chrome")
        elif signal == "card_level":
            card, back_lines, closed = _parse_card(cur, len(got.cards) + 1)
            got.cards.append(card)
            got.card_backs[card.id] = (back_lines, closed)
        elif (kind := cur.block()) == "prompt":
            got.prompts.append(_parse_prompt(cur, len(got.prompts) + 1))
        elif kind == "question":
            got.questions.append(_parse_question(cur, len(got.questions) + 1))
        elif kind == "problem":
            got.practice.append(parse_practice(cur, len(got.practice) + 1))
        else:
            cur.skip_unplaced("line not recognised, left out of the deck")
    check_deck(cur, got)
    inferred = None if header.framework else _infer_framework(text)
    return ImportResult(
        deck=Deck(
            id=deck_id,
            source=path,
            title=header.title,
            framework=header.framework or inferred,
            framework_from="header" if header.framework else ("text" if inferred else None),
            minutes=header.minutes,
            practice_announced=got.announced[1] if got.announced else None,
            cards=tuple(got.cards),
            questions=tuple(got.questions),
            prompts=tuple(got.prompts),
            practice=tuple(got.practice),
            warnings=tuple(sorted(cur.warnings, key=lambda w: w.line)),
        ),
        placement=cur.placement,
    )


# --- blocks ----------------------------------------------------------------------


def _parse_card(cur: Cursor, n: int) -> tuple[Card, int, bool]:
    """The card, how many lines its back has, and whether "Click to reveal answer" closed it."""
    line, level = cur.take()
    front = ""
    if not cur.at_marker():
        front = cur.take()[1]
    else:
        cur.warn(line, f"card-{n} has no front")
    back_lines: list[str] = []
    if not cur.at_marker():
        back_lines.append(cur.take()[1])
    while not cur.at_block_end():
        back_lines.append(cur.take()[1])
    closed = cur.text() == "Click to reveal answer" and cur.signal() == "chrome"
    if closed:
        cur.take("chrome")
    if not back_lines:
        cur.warn(line, f"card-{n} has no back")
    parts = _split_back(" ".join(back_lines))
    card = Card(
        id=f"card-{n}",
        line=line,
        level=level.lower(),
        front=front,
        back="\n".join(p.text for p in parts),
        back_parts=parts,
    )
    return card, len(back_lines), closed


def _split_back(back: str) -> tuple[TextPart, ...]:
    """Turn ``<br>`` into line breaks and ``<code>``/code-looking lines into code parts."""
    parts: list[TextPart] = []
    pieces = _BR_RE.split(back) if "<" in back else [back]  # most backs hold no tag: skip the regexes
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        for k, raw in enumerate(L.code_tag_split(piece) if "<" in piece else (piece,)):
            if chunk := raw.strip():
                is_code = k % 2 == 1 or L.looks_like_code(chunk)
                parts.append(TextPart(kind="code" if is_code else "text", text=chunk))
    return tuple(parts)


def _parse_prompt(cur: Cursor, n: int) -> Prompt:
    line, prompt = cur.take()
    hint = None
    if not L.CONCEPTS_RE.match(cur.text() or ""):
        hint = cur.take()[1]
    concepts_line = L.CONCEPTS_RE.match(cur.take()[1])
    assert concepts_line is not None  # the classification guaranteed it
    return Prompt(id=f"prompt-{n}", line=line, prompt=prompt, hint=hint, concepts=int(concepts_line.group(2)))


def _parse_question(cur: Cursor, n: int) -> Question:
    line, prompt = cur.take()
    options = take_options(cur)
    if not options and L.looks_enumerated(prompt):
        cur.warn(
            line,
            f"question-{n}: its prompt {prompt[:60]!r} reads like an option: the lines before it may be "
            "options in a layout the importer does not know, read as text",
        )
    answer = None
    explanation: list[str] = []
    while (t := cur.text()) is not None and (key := _answer_line(t, cur.signal())) is not None:
        quoted, letter = key
        if letter:
            answer = option_index(cur, letter, options, f"question-{n}")
        if quoted:
            explanation.append(t)  # "x -> Option B" quotes more than its key: the text stays
        cur.take("deck" if letter else "chrome")
    while not cur.at_block_end():
        explanation.append(cur.take()[1])
    return Question(
        id=f"question-{n}",
        line=line,
        prompt=prompt,
        options=tuple(options),
        answer=answer,
        explanation="\n".join(explanation) or None,
    )


def _answer_line(t: str, signal: str | None) -> tuple[str, str] | None:
    """(quoted text, option letter) for a line that may follow a question's options: an answer key
    ("Answer: (C)", "Final Answer: Option A", "-> Option b"), or ("", "") for a reader's attempt
    ("✗ Incorrect") and a bare "Final Answer:" heading; None for any other line."""
    if signal == "attempt":
        return "", ""
    if signal == "answer" and (key := L.ANSWER_KEY_RE.match(t)):
        return "", key.group(1) or key.group(2)
    if signal == "final" and (final := L.FINAL_RE.match(t)):
        return L.answer_ref(final.group(1)) if final.group(1) else ("", "")
    if signal is None and (ref := L.OPTION_REF_RE.match(t)):
        return ref.group(1), ref.group(2)
    return None


def _infer_framework(text: str) -> Literal["pytorch", "tensorflow"] | None:
    """The framework a headerless text talks about most, if one clearly dominates."""
    # The names are ASCII, so lower-casing the UTF-8 bytes (ASCII letters only) finds the same
    # counts at less than half the cost of str.lower on a non-ASCII text (5% of the import).
    low = text.encode("utf-8", "surrogatepass").lower()
    torch = low.count(b"pytorch") + low.count(b"torch.")
    tf = low.count(b"tensorflow") + low.count(b"keras")
    if torch > tf:
        return "pytorch"
    if tf > torch:
        return "tensorflow"
    return None
