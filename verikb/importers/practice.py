"""Worked practice problems: prompt (prose and code), options, solution steps, key, hints."""

from __future__ import annotations

from dataclasses import dataclass, field

from verikb.importers import lines as L
from verikb.importers.cursor import Cursor, option_index, take_options
from verikb.model import Practice, Step, TextPart

__all__ = ["parse_practice"]


def parse_practice(cur: Cursor, n: int) -> Practice:
    line, first = cur.take()
    m = L.PROBLEM_RE.match(first)
    assert m is not None  # the classification matched it
    number = int(m.group(1))
    prompt_lines = [m.group(2)]
    while cur.text() is not None and cur.signal() != "level":
        prompt_lines.append(cur.take()[1])
    level = cur.take()[1].lower() if cur.text() is not None else None
    is_code = [L.looks_like_code(p) for p in prompt_lines]
    code = [p for p, c in zip(prompt_lines, is_code, strict=True) if c]
    if code:
        cur.warn(line, f"practice-{n}: {len(code)} code lines lost their indentation in the source")
    options = take_options(cur)
    sol = _Solution()
    sol.read(cur, next_number=number + 1, item=f"practice-{n}")
    answer = option_index(cur, sol.answer_letter, options, f"practice-{n}") if sol.answer_letter else None
    final, quick_check, hint = (_joined(lines) for lines in (sol.final, sol.quick_check, sol.hint))
    return Practice(
        id=f"practice-{n}",
        line=line,
        number=number,
        prompt="\n".join(p for p, c in zip(prompt_lines, is_code, strict=True) if not c),
        prompt_parts=_prompt_parts(prompt_lines, is_code),
        code="\n".join(code) or None,
        level=level,
        options=tuple(options),
        answer=answer,
        final_answer=final,
        steps=tuple(Step(title=title, text="\n".join(body)) for title, body in sol.steps),
        quick_check=quick_check,
        hint=hint,
        mistakes=tuple(sol.mistakes),
    )


def _prompt_parts(lines: list[str], is_code: list[bool]) -> tuple[TextPart, ...]:
    """Prose and code runs in source order, so a page can show code where the text quotes it."""
    parts: list[TextPart] = []
    for line, code in zip(lines, is_code, strict=True):
        kind = "code" if code else "text"
        if parts and parts[-1].kind == kind:
            parts[-1] = TextPart(kind=kind, text=f"{parts[-1].text}\n{line}")
        else:
            parts.append(TextPart(kind=kind, text=line))
    return tuple(parts)


# Headings inside a solution, by the signal the cursor gives their line.
_HEADINGS = {
    "step": L.STEP_RE,
    "hint": L.HINT_RE,
    "final": L.FINAL_RE,
    "quick_check": L.QUICK_CHECK_RE,
    "mistakes": L.MISTAKES_RE,
}


@dataclass(slots=True)
class _Solution:
    """The parts after a problem's options; each heading switches where following lines go."""

    steps: list[tuple[str, list[str]]] = field(default_factory=list)
    """(heading line, the lines under it) per step."""
    final: list[str] = field(default_factory=list)
    answer_letter: str | None = None
    quick_check: list[str] = field(default_factory=list)
    hint: list[str] = field(default_factory=list)
    """Lines of each part; a repeated heading adds to its part instead of replacing it."""
    mistakes: list[str] = field(default_factory=list)
    section: str | None = None

    def read(self, cur: Cursor, *, next_number: int, item: str) -> None:
        """Consume lines up to the next problem or block."""
        while (t := cur.text()) is not None:
            signal = cur.signal()
            if signal == "chrome" and t == "Solution":  # chrome only where it opens the solution
                cur.take("chrome")
                self.section = None
                continue
            problem = L.PROBLEM_RE.match(t) if signal == "number" else None
            if (problem and int(problem.group(1)) == next_number) or cur.at_block_end():
                return
            if signal in _HEADINGS:
                self._heading(cur, t, signal)
            elif self.section is None:
                cur.skip_unplaced(f"{item}: line outside any part of the solution")
            else:
                self._add(cur.take()[1])

    def _heading(self, cur: Cursor, t: str, signal: str) -> None:
        """Handle a heading line ("Step 1: …", "Hint: …"); its text may start the part."""
        if signal == "step":
            self.steps.append((cur.take()[1], []))
            self.section = "step"
            return
        m = _HEADINGS[signal].match(t)
        assert m is not None  # the signal came from the same pattern
        if signal == "hint":
            cur.take()
            self.hint.append(m.group(1))
            self.section = None
            return
        cur.take("deck" if m.group(1) else "chrome")
        self.section = signal
        if m.group(1):
            self._add(m.group(1))

    def _add(self, text: str) -> None:
        if self.section == "step":
            self.steps[-1][1].append(text)
        elif self.section == "final":
            ref = L.answer_ref(text)  # "x -> Option D", or the key alone: "Option A", "(C)"
            self.final.append(ref[0] if ref and ref[0] else text)
            self.answer_letter = ref[1] if ref else self.answer_letter
        elif self.section == "quick_check":
            self.quick_check.append(text)
        else:
            self.mistakes.append(text)


def _joined(lines: list[str]) -> str | None:
    """A part's text: its non-empty lines, None without any (joined once: appending to a string
    line by line is quadratic in the part's length)."""
    return "\n".join(line for line in lines if line) or None
