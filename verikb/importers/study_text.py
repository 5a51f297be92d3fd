"""Importer for scraped "Cheat Sheet & Quick Revision" study texts: text -> Deck.

Every non-blank line ends up in the deck, in the recognised chrome, or in a warning
with its line number; ``ImportResult.placement`` records which, so tests can prove it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from verikb.importers import lines as L
from verikb.model import Card, Deck, Practice, Prompt, Question, SourceWarning, Step, TextPart

__all__ = ["ImportResult", "parse_study_text"]

Placement = Literal["deck", "chrome", "warning"]
_ALLOWED_TAGS = frozenset({"br", "code"})
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_CODE_TAG_RE = re.compile(r"<code>(.*?)</code>", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportResult:
    """A deck and, for every non-blank source line, where it went."""

    deck: Deck
    placement: dict[int, Placement]


@dataclass(slots=True)
class _Cursor:
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


def parse_study_text(text: str, *, path: str, deck_id: str) -> ImportResult:
    """Parse one study text into a deck; raises nothing for odd content, it warns."""
    rows = [(n, L.normalise(raw)) for n, raw in enumerate(L.split_lines(text), start=1)]
    cur = _Cursor(path=path, rows=[(n, t) for n, t in rows if t])
    header: dict[str, object] = {}
    items: dict[str, list] = {"card": [], "question": [], "prompt": [], "practice": []}
    announced: tuple[int, int] | None = None
    while cur.text() is not None:
        t = cur.text()
        assert t is not None
        if (m := L.HEADER_RE.match(t)) and "framework" not in header:
            header["framework"] = m.group(1).lower()
            header["minutes"] = int(m.group(2))
            cur.take("deck")
        elif (m := L.TITLE_RE.match(t)) and "title" not in header:
            header["title"] = m.group(1)
            cur.take("deck")
        elif m := L.PRACTICE_COUNT_RE.match(t):
            announced = (cur.take("chrome")[0], int(m.group(2)))
        elif L.is_chrome(t):
            cur.take("chrome")
        elif t.lower() in L.CARD_LEVELS:
            items["card"].append(_parse_card(cur, len(items["card"]) + 1))
        elif _prompt_at(cur):
            items["prompt"].append(_parse_prompt(cur, len(items["prompt"]) + 1))
        elif _question_at(cur):
            items["question"].append(_parse_question(cur, len(items["question"]) + 1))
        elif _problem_at(cur):
            items["practice"].append(_parse_practice(cur, len(items["practice"]) + 1))
        else:
            cur.skip_unplaced("line not recognised, left out of the deck")
    _check_html(cur)
    last_item_line = max((it.line for kind in items.values() for it in kind), default=0)
    _check_practice(cur, items["practice"], announced, last_item_line)
    _check_questions(cur, items["question"], last_item_line)
    framework = header.get("framework")
    return ImportResult(
        deck=Deck(
            id=deck_id,
            source=path,
            title=header.get("title"),  # type: ignore[arg-type]
            framework=framework or _infer_framework(text),  # type: ignore[arg-type]
            framework_from="header" if framework else ("text" if _infer_framework(text) else None),
            minutes=header.get("minutes"),  # type: ignore[arg-type]
            practice_announced=announced[1] if announced else None,
            cards=tuple(items["card"]),
            questions=tuple(items["question"]),
            prompts=tuple(items["prompt"]),
            practice=tuple(items["practice"]),
            warnings=tuple(sorted(cur.warnings, key=lambda w: w.line)),
        ),
        placement=cur.placement,
    )


# --- block detection -------------------------------------------------------------


def _is_marker(t: str | None) -> bool:
    """Lines that always end the block before them."""
    return t is not None and (L.is_chrome(t) or t.lower() in L.CARD_LEVELS or bool(L.PRACTICE_COUNT_RE.match(t)))


def _prompt_at(cur: _Cursor) -> bool:
    nxt, after = cur.text(1), cur.text(2)
    if nxt is not None and L.CONCEPTS_RE.match(nxt):
        return True
    return (
        after is not None
        and bool(L.CONCEPTS_RE.match(after))
        and nxt is not None
        and not _is_marker(nxt)
        and L.match_option(nxt, "A") is None
    )


def _options_ahead(cur: _Cursor, offset: int) -> int:
    """How many options (A, B, …) start at ``offset``; one alone is prose, not an option list."""
    count = 0
    while (t := cur.text(offset + count)) is not None and count < 26:
        if L.match_option(t, chr(ord("A") + count)) is None:
            break
        count += 1
    return count if count >= 2 else 0


def _question_at(cur: _Cursor) -> bool:
    nxt = cur.text(1)
    if nxt is None or _is_marker(cur.text()) or _problem_at(cur):
        return False
    return bool(_options_ahead(cur, 1) or L.ATTEMPT_RE.match(nxt) or L.ANSWER_KEY_RE.match(nxt))


def _problem_at(cur: _Cursor) -> bool:
    """A numbered line followed, within a few lines, by an easy/medium/hard level."""
    if not L.PROBLEM_RE.match(cur.text() or ""):
        return False
    for k in range(1, 25):
        t = cur.text(k)
        if t is None or _is_marker(t) or L.CONCEPTS_RE.match(t):
            return False
        if t.lower() in L.PRACTICE_LEVELS:
            return True
    return False


def _block_start(cur: _Cursor) -> bool:
    t = cur.text()
    return t is None or _is_marker(t) or _prompt_at(cur) or _question_at(cur) or _problem_at(cur)


# --- blocks ----------------------------------------------------------------------


def _parse_card(cur: _Cursor, n: int) -> Card:
    line, level = cur.take()
    front = ""
    if cur.text() is not None and not _is_marker(cur.text()):
        front = cur.take()[1]
    else:
        cur.warn(line, f"card-{n} has no front")
    back_lines: list[str] = []
    if cur.text() is not None and not _is_marker(cur.text()):
        back_lines.append(cur.take()[1])
    while cur.text() is not None and not _block_start(cur):
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
    for piece in (p.strip() for p in _BR_RE.split(back)):
        if not piece:
            continue
        for k, raw in enumerate(_CODE_TAG_RE.split(piece)):
            if chunk := raw.strip():
                is_code = k % 2 == 1 or L.looks_like_code(chunk)
                parts.append(TextPart(kind="code" if is_code else "text", text=chunk))
    return tuple(parts)


def _parse_prompt(cur: _Cursor, n: int) -> Prompt:
    line, prompt = cur.take()
    hint = None
    if not L.CONCEPTS_RE.match(cur.text() or ""):
        hint = cur.take()[1]
    concepts_line = L.CONCEPTS_RE.match(cur.take()[1])
    assert concepts_line is not None  # _prompt_at guaranteed it
    return Prompt(id=f"prompt-{n}", line=line, prompt=prompt, hint=hint, concepts=int(concepts_line.group(2)))


def _take_options(cur: _Cursor) -> list[str]:
    options: list[str] = []
    for _ in range(_options_ahead(cur, 0)):
        text = L.match_option(cur.take()[1], chr(ord("A") + len(options)))
        assert text is not None  # _options_ahead matched it
        options.append(text)
    return options


def _parse_question(cur: _Cursor, n: int) -> Question:
    line, prompt = cur.take()
    options = _take_options(cur)
    answer = None
    while (t := cur.text()) is not None and (L.ATTEMPT_RE.match(t) or L.ANSWER_KEY_RE.match(t)):
        if key := L.ANSWER_KEY_RE.match(t):
            answer = _option_index(cur, key.group(1), options, f"question-{n}")
            cur.take()
        else:
            cur.take("chrome")
    explanation: list[str] = []
    while cur.text() is not None and not _block_start(cur):
        explanation.append(cur.take()[1])
    return Question(
        id=f"question-{n}",
        line=line,
        prompt=prompt,
        options=tuple(options),
        answer=answer,
        explanation="\n".join(explanation) or None,
    )


def _option_index(cur: _Cursor, letter: str, options: list[str], item: str) -> int | None:
    index = ord(letter.upper()) - ord("A")
    if index < len(options):
        return index
    cur.warn(cur.lineno(), f"{item}: answer names option {letter} but there are {len(options)} options")
    return None


def _parse_practice(cur: _Cursor, n: int) -> Practice:
    line, first = cur.take()
    m = L.PROBLEM_RE.match(first)
    assert m is not None  # _problem_at matched it
    number = int(m.group(1))
    prompt_lines = [m.group(2)]
    while (t := cur.text()) is not None and t.lower() not in L.PRACTICE_LEVELS:
        prompt_lines.append(cur.take()[1])
    level = cur.take()[1].lower() if cur.text() is not None else None
    code = [p for p in prompt_lines if L.looks_like_code(p)]
    if code:
        cur.warn(line, f"practice-{n}: {len(code)} code lines lost their indentation in the source")
    options = _take_options(cur)
    sol = _Solution()
    sol.read(cur, next_number=number + 1, item=f"practice-{n}")
    answer = _option_index(cur, sol.answer_letter, options, f"practice-{n}") if sol.answer_letter else None
    return Practice(
        id=f"practice-{n}",
        line=line,
        number=number,
        prompt="\n".join(p for p in prompt_lines if not L.looks_like_code(p)),
        prompt_parts=_prompt_parts(prompt_lines),
        code="\n".join(code) or None,
        level=level,
        options=tuple(options),
        answer=answer,
        final_answer=sol.final,
        steps=tuple(sol.steps),
        quick_check=sol.quick_check,
        hint=sol.hint,
        mistakes=tuple(sol.mistakes),
    )


def _prompt_parts(lines: list[str]) -> tuple[TextPart, ...]:
    """Prose and code runs in source order, so a page can show code where the text quotes it."""
    parts: list[TextPart] = []
    for line in lines:
        kind = "code" if L.looks_like_code(line) else "text"
        if parts and parts[-1].kind == kind:
            parts[-1] = TextPart(kind=kind, text=f"{parts[-1].text}\n{line}")
        else:
            parts.append(TextPart(kind=kind, text=line))
    return tuple(parts)


@dataclass(slots=True)
class _Solution:
    """The parts after a problem's options; each heading switches where following lines go."""

    steps: list[Step] = field(default_factory=list)
    final: str | None = None
    answer_letter: str | None = None
    quick_check: str | None = None
    hint: str | None = None
    mistakes: list[str] = field(default_factory=list)
    section: str | None = None

    def read(self, cur: _Cursor, *, next_number: int, item: str) -> None:
        """Consume lines up to the next problem or block."""
        while (t := cur.text()) is not None:
            if t == "Solution":
                cur.take("chrome")
                self.section = None
                continue
            problem = L.PROBLEM_RE.match(t)
            if (problem and int(problem.group(1)) == next_number) or _block_start(cur):
                return
            if not self._heading(cur, t):
                if self.section is None:
                    cur.skip_unplaced(f"{item}: line outside any part of the solution")
                else:
                    self._add(cur.take()[1])

    def _heading(self, cur: _Cursor, t: str) -> bool:
        """Handle a heading line ("Step 1: …", "Hint: …"); False when ``t`` is not one."""
        if L.STEP_RE.match(t):
            self.steps.append(Step(title=cur.take()[1]))
            self.section = "step"
            return True
        if m := L.HINT_RE.match(t):
            cur.take()
            self.hint, self.section = _joined(self.hint, m.group(1)), None
            return True
        for rx, section in (
            (L.FINAL_RE, "final"),
            (L.QUICK_CHECK_RE, "quick_check"),
            (L.MISTAKES_RE, "mistakes"),
        ):
            if m := rx.match(t):
                cur.take("deck" if m.group(1) else "chrome")
                self.section = section
                if m.group(1):
                    self._add(m.group(1))
                return True
        return False

    def _add(self, text: str) -> None:
        if self.section == "step":
            last = self.steps[-1]
            self.steps[-1] = Step(title=last.title, text=f"{last.text}\n{text}".strip())
        elif self.section == "final":
            ref = L.OPTION_REF_RE.match(text)
            self.final = _joined(self.final, ref.group(1) if ref else text)
            self.answer_letter = ref.group(2) if ref else self.answer_letter
        elif self.section == "quick_check":
            self.quick_check = _joined(self.quick_check, text)
        else:
            self.mistakes.append(text)


def _joined(before: str | None, text: str) -> str | None:
    """Append a line to a field; a repeated heading adds to its part instead of replacing it."""
    return f"{before}\n{text}" if before and text else (before or text or None)


# --- whole-deck checks -------------------------------------------------------------


def _check_practice(
    cur: _Cursor, problems: list[Practice], announced: tuple[int, int] | None, last_item_line: int
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


def _check_questions(cur: _Cursor, questions: list[Question], last_item_line: int) -> None:
    """A question without the explanation its siblings have was probably cut off."""
    if not any(q.explanation for q in questions):
        return
    for q in questions:
        if not q.explanation:
            ends = " (the source ends inside it)" if q.line == last_item_line else ""
            cur.warn(q.line, f"{q.id} has no explanation, unlike the other questions{ends}")


def _check_html(cur: _Cursor) -> None:
    """Warn about markup outside the allow-list; it stays plain text and is escaped on pages."""
    for line, text in cur.rows:
        banned = sorted({tag for tag in L.html_tags(text) if tag not in _ALLOWED_TAGS})
        if banned:
            tags = ", ".join(f"<{t}>" for t in banned)
            cur.warn(line, f"HTML markup {tags} is kept as plain text, never as markup")


def _infer_framework(text: str) -> Literal["pytorch", "tensorflow"] | None:
    """The framework a headerless text talks about most, if one clearly dominates."""
    low = text.lower()
    torch = low.count("pytorch") + low.count("torch.")
    tf = low.count("tensorflow") + low.count("keras")
    if torch > tf:
        return "pytorch"
    if tf > torch:
        return "tensorflow"
    return None
