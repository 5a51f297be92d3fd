"""Whole-deck checks after parsing: gaps, repeats, markup and cut-off endings, each a located warning.

A block parser sees one item at a time; some misreadings only show against the other items:
a question with no explanation where its siblings have one, a last item that a truncated
source cut short (or glued the start of a cut-off item onto), an item that repeats another.
"""

from __future__ import annotations

from dataclasses import dataclass

from verikb.importers import lines as L
from verikb.importers.cursor import Cursor
from verikb.model import Card, Item, Practice, Prompt, Question

__all__ = ["Parsed", "check_deck"]

_ALLOWED_TAGS = frozenset({"br", "code"})


@dataclass(slots=True)
class Parsed:
    """The items of one text in source order per kind, and what parsing saw that the items drop."""

    cards: list[Card]
    questions: list[Question]
    prompts: list[Prompt]
    practice: list[Practice]
    card_backs: dict[str, tuple[int, bool]]
    """Per card id: how many source lines its back has, and whether "Click to reveal answer" closed it."""
    announced: tuple[int, int] | None = None
    """(line, count) of the practice section's "(1/N)"."""


def check_deck(cur: Cursor, parsed: Parsed) -> None:
    """Every whole-deck warning, appended to the cursor's."""
    _check_html(cur)
    kinds: list[list] = [parsed.cards, parsed.questions, parsed.prompts, parsed.practice]
    last = max((it for kind in kinds for it in kind), key=lambda it: it.line, default=None)
    last_line = last.line if last else 0
    _check_practice(cur, parsed.practice, parsed.announced, last_line)
    _check_questions(cur, parsed.questions, last_line)
    for kind in kinds:
        _check_repeats(cur, kind)
    if last is not None:
        _check_ending(cur, last, next(kind for kind in kinds if last in kind), parsed)


def _check_practice(cur: Cursor, problems: list[Practice], announced: tuple[int, int] | None, last_line: int) -> None:
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
            ends = " (the source ends inside it)" if p.line == last_line else ""
            cur.warn(p.line, f"{p.id} has no {', '.join(missing)}{ends}")


def _check_questions(cur: Cursor, questions: list[Question], last_line: int) -> None:
    """A question without the explanation its siblings have was probably cut off."""
    if not any(q.explanation for q in questions):
        return
    for q in questions:
        if not q.explanation:
            ends = " (the source ends inside it)" if q.line == last_line else ""
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


def _check_repeats(cur: Cursor, items: list) -> None:
    """An item that asks what an earlier one of its kind asks: a pasted-twice block, most often."""
    seen: dict[str, Item] = {}
    for item in items:
        key = " ".join(_asks(item).casefold().split())
        if not key:
            continue
        if (first := seen.setdefault(key, item)) is not item:
            cur.warn(item.line, f"{item.id} repeats {first.id} (line {first.line}): a duplicate item")


def _asks(item: Item) -> str:
    """What makes an item the item it is: its front or prompt, and a question's options."""
    if isinstance(item, Card):
        return item.front
    if isinstance(item, Question):
        return "\n".join((item.prompt, *item.options))
    if isinstance(item, Practice):
        return "\n".join((item.prompt, item.code or "", *item.options))
    return item.prompt


def _check_ending(cur: Cursor, last: Item, siblings: list, parsed: Parsed) -> None:
    """The last item is where a truncated source ends. Cut short, it lacks parts its siblings
    have; cut just after the start of the next item, it took that start in (a prompt glued onto
    the explanation before it). Either way a count of its parts leaves the range its siblings
    span: say so. A part it lacks altogether is reported by the checks above."""
    own = _parts(last, parsed.card_backs)
    others = [_parts(it, parsed.card_backs) for it in siblings if it is not last]
    ends = "(the source ends inside it: cut off?)"
    if not others:
        _check_lone_ending(cur, last, parsed.announced, ends)
        return
    kind = last.id.rsplit("-", 1)[0]
    for part, count in own.items():
        spans = [o[part] for o in others if part in o]
        if not spans or (count == 0 and part in _REPORTED_WHEN_MISSING):
            continue
        low, high = min(spans), max(spans)
        if low <= count <= high:
            continue
        if part in _FLAGS:
            if count:
                continue  # having the part the others lack is no sign of a cut
            said = f"has no {part}, unlike the other {kind}s"
        else:
            span = f"{low}" if low == high else f"{low}-{high}"
            said = f"has {count} {part} where the other {kind}s have {span}"
        cur.warn(last.line, f"{last.id} {said} {ends}")


def _check_lone_ending(cur: Cursor, last: Item, announced: tuple[int, int] | None, ends: str) -> None:
    """With no sibling to compare with, the layout and the practice count are the measure."""
    if isinstance(last, Question) and last.explanation and "\n" in last.explanation:
        cur.warn(last.line, f"{last.id} has a {last.explanation.count(chr(10)) + 1}-line explanation, not one {ends}")
    elif isinstance(last, Question) and not last.explanation:
        cur.warn(last.line, f"{last.id}, the only question, has no explanation {ends}")
    elif isinstance(last, Question) and last.explanation.endswith("?"):
        cur.warn(last.line, f"{last.id} has an explanation that asks a question, like a next item's prompt {ends}")
    elif isinstance(last, Practice) and announced and announced[1] > 1 and last.mistakes:
        cur.warn(last.line, f"{last.id} is the only problem of the {announced[1]} announced {ends}")


# Parts whose absence an earlier check reports, and parts that are there or not (0 or 1).
_REPORTED_WHEN_MISSING = frozenset({"back lines", "explanation lines", "options", "solution steps", "common mistakes"})
_FLAGS = frozenset({"closing 'Click to reveal answer'", "answer key"})


def _parts(item: Item, card_backs: dict[str, tuple[int, bool]]) -> dict[str, int]:
    """Counts of the parts a cut-off ending changes."""
    if isinstance(item, Card):
        back, closed = card_backs[item.id]
        return {"back lines": back, "closing 'Click to reveal answer'": int(closed)}
    if isinstance(item, Question):
        explanation = item.explanation.count("\n") + 1 if item.explanation else 0
        answered = int(item.answer is not None)
        return {"options": len(item.options), "explanation lines": explanation, "answer key": answered}
    if isinstance(item, Practice):
        return {"options": len(item.options), "solution steps": len(item.steps), "common mistakes": len(item.mistakes)}
    return {}
