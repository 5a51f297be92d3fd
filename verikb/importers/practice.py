"""Worked practice problems: prompt (prose and code), options, solution steps, key, hints."""

from __future__ import annotations

from dataclasses import dataclass, field

from verikb.importers import lines as L
from verikb.importers.cursor import Cursor, block_start, option_index, take_options
from verikb.model import Practice, Step, TextPart

__all__ = ["parse_practice"]


def parse_practice(cur: Cursor, n: int) -> Practice:
    line, first = cur.take()
    m = L.PROBLEM_RE.match(first)
    assert m is not None  # problem_at matched it
    number = int(m.group(1))
    prompt_lines = [m.group(2)]
    while (t := cur.text()) is not None and t.lower() not in L.PRACTICE_LEVELS:
        prompt_lines.append(cur.take()[1])
    level = cur.take()[1].lower() if cur.text() is not None else None
    code = [p for p in prompt_lines if L.looks_like_code(p)]
    if code:
        cur.warn(line, f"practice-{n}: {len(code)} code lines lost their indentation in the source")
    options = take_options(cur)
    sol = _Solution()
    sol.read(cur, next_number=number + 1, item=f"practice-{n}")
    answer = option_index(cur, sol.answer_letter, options, f"practice-{n}") if sol.answer_letter else None
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

    def read(self, cur: Cursor, *, next_number: int, item: str) -> None:
        """Consume lines up to the next problem or block."""
        while (t := cur.text()) is not None:
            if t == "Solution":
                cur.take("chrome")
                self.section = None
                continue
            problem = L.PROBLEM_RE.match(t)
            if (problem and int(problem.group(1)) == next_number) or block_start(cur):
                return
            if not self._heading(cur, t):
                if self.section is None:
                    cur.skip_unplaced(f"{item}: line outside any part of the solution")
                else:
                    self._add(cur.take()[1])

    def _heading(self, cur: Cursor, t: str) -> bool:
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
