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
from verikb.importers.practice import parse_practice
from verikb.model import Card, Deck, Practice, Prompt, Question, TextPart

__all__ = ["ImportResult", "parse_study_text"]

_ALLOWED_TAGS = frozenset({"br", "code"})
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_CODE_TAG_RE = re.compile(r"<code>(.*?)</code>", re.IGNORECASE)


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
    items: dict[str, list] = {"card": [], "question": [], "prompt": [], "practice": []}
    announced: tuple[int, int] | None = None
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
            announced = (cur.take("chrome")[0], int(m.group(2)))
        elif signal in ("chrome", "attempt"):
            cur.take("chrome")
        elif signal == "card_level":
            items["card"].append(_parse_card(cur, len(items["card"]) + 1))
        elif (kind := cur.block()) == "prompt":
            items["prompt"].append(_parse_prompt(cur, len(items["prompt"]) + 1))
        elif kind == "question":
            items["question"].append(_parse_question(cur, len(items["question"]) + 1))
        elif kind == "problem":
            items["practice"].append(parse_practice(cur, len(items["practice"]) + 1))
        else:
            cur.skip_unplaced("line not recognised, left out of the deck")
    _check_html(cur)
    last_item_line = max((it.line for kind in items.values() for it in kind), default=0)
    _check_practice(cur, items["practice"], announced, last_item_line)
    _check_questions(cur, items["question"], last_item_line)
    inferred = None if header.framework else _infer_framework(text)
    return ImportResult(
        deck=Deck(
            id=deck_id,
            source=path,
            title=header.title,
            framework=header.framework or inferred,
            framework_from="header" if header.framework else ("text" if inferred else None),
            minutes=header.minutes,
            practice_announced=announced[1] if announced else None,
            cards=tuple(items["card"]),
            questions=tuple(items["question"]),
            prompts=tuple(items["prompt"]),
            practice=tuple(items["practice"]),
            warnings=tuple(sorted(cur.warnings, key=lambda w: w.line)),
        ),
        placement=cur.placement,
    )


# --- blocks ----------------------------------------------------------------------


def _parse_card(cur: Cursor, n: int) -> Card:
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
    if cur.text() == "Click to reveal answer":
        cur.take("chrome")
    if not back_lines:
        cur.warn(line, f"card-{n} has no back")
    parts = _split_back(" ".join(back_lines))
    return Card(
        id=f"card-{n}",
        line=line,
        level=level.lower(),
        front=front,
        back="\n".join(p.text for p in parts),
        back_parts=parts,
    )


def _split_back(back: str) -> tuple[TextPart, ...]:
    """Turn ``<br>`` into line breaks and ``<code>``/code-looking lines into code parts."""
    parts: list[TextPart] = []
    pieces = _BR_RE.split(back) if "<" in back else [back]  # most backs hold no tag: skip the regexes
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        for k, raw in enumerate(_CODE_TAG_RE.split(piece) if "<" in piece else (piece,)):
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
    answer = None
    while (t := cur.text()) is not None and (L.ATTEMPT_RE.match(t) or L.ANSWER_KEY_RE.match(t)):
        if key := L.ANSWER_KEY_RE.match(t):
            answer = option_index(cur, key.group(1), options, f"question-{n}")
            cur.take()
        else:
            cur.take("chrome")
    explanation: list[str] = []
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


# --- whole-deck checks -------------------------------------------------------------


def _check_practice(
    cur: Cursor, problems: list[Practice], announced: tuple[int, int] | None, last_item_line: int
) -> None:
    if announced is not None and announced[1] != len(problems):
        line, count = announced
        cur.warn(line, f"the source announces {count} practice problems and holds {len(problems)}")
    for p in problems:
        missing = [
            name
            for name, present in (
                ("options", p.options),
                ("solution steps", p.steps),
                ("final answer", p.final_answer),
                ("quick check", p.quick_check),
                ("hint", p.hint),
                ("common mistakes", p.mistakes),
            )
            if not present
        ]
        if missing:
            ends = " (the source ends inside it)" if p.line == last_item_line else ""
            cur.warn(p.line, f"{p.id} has no {', '.join(missing)}{ends}")


def _check_questions(cur: Cursor, questions: list[Question], last_item_line: int) -> None:
    """A question without the explanation its siblings have was probably cut off."""
    if not any(q.explanation for q in questions):
        return
    for q in questions:
        if not q.explanation:
            ends = " (the source ends inside it)" if q.line == last_item_line else ""
            cur.warn(q.line, f"{q.id} has no explanation, unlike the other questions{ends}")


def _check_html(cur: Cursor) -> None:
    """Warn about markup outside the allow-list; it stays plain text and is escaped on pages."""
    for line, text in cur.rows:
        if "<" not in text:
            continue
        banned = sorted({tag for tag in L.html_tags(text) if tag not in _ALLOWED_TAGS})
        if banned:
            tags = ", ".join(f"<{t}>" for t in banned)
            cur.warn(line, f"HTML markup {tags} is kept as plain text, never as markup")


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
