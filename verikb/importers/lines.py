"""Line-level recognisers for scraped study texts: chrome, markers, options, code.

Hand-written because the layout is a scrape of one study site's viewer; no library
knows it. Each recogniser looks at one whitespace-normalised line.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

__all__ = [
    "CARD_LEVELS",
    "CHROME_EXACT",
    "CHROME_PREFIXES",
    "OPTION_PREFIX",
    "PRACTICE_LEVELS",
    "OptionShape",
    "answer_ref",
    "code_tag_split",
    "html_tags",
    "looks_enumerated",
    "looks_like_code",
    "nonblank_rows",
    "normalise",
    "option_shape",
    "option_text",
    "split_lines",
]

CARD_LEVELS = frozenset({"beginner", "intermediate", "advanced"})
PRACTICE_LEVELS = frozenset({"easy", "medium", "hard"})

# Lines the scraped viewer adds around content; recognised so they are not mistaken for it.
CHROME_EXACT = frozenset(
    {"0", "or", "Recommended", "Click to reveal answer", "Solution", "Recall & Review", "Practice"}
)
CHROME_PREFIXES = ("Choose your learning style", "Jump into concepts", "Test this pattern")
# The viewer's record of a reader's own attempt: not an answer key.
ATTEMPT_RE = re.compile(r"^[✗✓✔✘]\s*(Incorrect|Correct)$")

HEADER_RE = re.compile(r"^(PyTorch|TensorFlow)\s*(?:ml)?\s*~\s*(\d+)\s*mins?$", re.IGNORECASE)
TITLE_RE = re.compile(r"^(.+?)\s*-\s*Cheat Sheet & Quick Revision$")
CONCEPTS_RE = re.compile(r"^You got\s*(\d*)\s*/\s*(\d+)\s*concepts?\.?$")
PRACTICE_COUNT_RE = re.compile(r"^\((\d+)\s*/\s*(\d+)\)$")
PROBLEM_RE = re.compile(r"^(\d+)\.\s+(.+)$")
STEP_RE = re.compile(r"^Step\s+(\d+)\s*:\s*(.*)$")
FINAL_RE = re.compile(r"^Final Answer:\s*(.*)$", re.IGNORECASE)
# "It controls the step size. -> Option D": the quoted answer, then the option it names.
OPTION_REF_RE = re.compile(r"^(.*?)\s*->\s*Option\s+([A-Za-z])\s*$")
# An answer named without quoting it: "Option A", "(C)", "b".
_BARE_KEY_RE = re.compile(r"^(?:Option\s+)?\(?([A-Za-z])\)?$", re.IGNORECASE)
QUICK_CHECK_RE = re.compile(r"^Quick Check:\s*(.*)$", re.IGNORECASE)
HINT_RE = re.compile(r"^Hint:\s*(.*)$", re.IGNORECASE)
MISTAKES_RE = re.compile(r"^Common Mistakes:\s*(.*)$", re.IGNORECASE)
# "Answer: B", "Correct Answer: Option c", "Answer: (C)".
ANSWER_KEY_RE = re.compile(r"^(?:Correct\s+)?Answer\s*:\s*(?:Option\s+)?(?:\(([A-Z])\)|([A-Z])\b)", re.IGNORECASE)

# How an option line starts: "(A) ", "A. ", "a) ", "A: ", "A " or "A" glued to text that cannot
# continue a word ("ATo speed up", "A1.0"), or -- the weak form, told from prose only by where it
# stands -- "A" glued to a lowercase word or identifier ("Alearning rate", "Aoptimizer.step()"),
# captured with that first letter so the shape says so. The cursor matches this inside its
# one-regex-per-line classification, so it must start at the line's start and use no group.
OPTION_PREFIX = r"""\([A-Za-z]\)\s*|[A-Za-z][.):]\s*|[A-Z](?:\s+|(?=[A-Z0-9"'(\[<`$\-]))|[A-Z][a-z_]"""
_OPTION_RE = re.compile(f"(?:{OPTION_PREFIX})(?=.)")


class OptionShape(NamedTuple):
    """What an option line's start says: which option, and whether only its place makes it one."""

    index: int
    """0 for A (or a), 1 for B, …"""
    weak: bool
    """The letter is glued to a lowercase word: an option only where a question needs one."""


@functools.cache
def option_shape(prefix: str) -> OptionShape:
    """The shape of an option prefix matched by ``OPTION_PREFIX`` (few distinct ones: cached)."""
    letter = prefix[1] if prefix[0] == "(" else prefix[0]
    weak = len(prefix) == 2 and (prefix[1].islower() or prefix[1] == "_")
    return OptionShape(ord(letter.upper()) - ord("A"), weak)


def option_text(line: str) -> tuple[OptionShape, str] | None:
    """An option line's shape and text ("Alearning rate" -> learning rate), None for other lines."""
    m = _OPTION_RE.match(line)
    if m is None:
        return None
    shape = option_shape(m.group())
    return shape, (line[1:] if shape.weak else line[m.end() :]).strip()


# Lines that read as an item of some enumeration ("C. x", "1) x", "[B] x", "iv. x", "- x",
# "Option C: x"): a question prompt of this form is most likely the last option of a list the
# importer did not take for options (a layout it does not know, or letters out of order).
_ENUMERATED_RE = re.compile(
    r"^(?:[(\[]?(?:[A-Za-z]|\d{1,2}|[ivx]{1,4})[)\].:-]\s|[(\[][A-Za-z\d]{1,2}[)\]]|[-*•]\s|Option\s+[A-Za-z]\b)"
)


def looks_enumerated(line: str) -> bool:
    """Whether a line starts like an item of a list (a letter, number or bullet, then a mark)."""
    return _ENUMERATED_RE.match(line) is not None


def answer_ref(text: str) -> tuple[str, str] | None:
    """(quoted answer, letter) when ``text`` names an option: "x -> Option B", "Option A", "(C)"."""
    if ref := OPTION_REF_RE.match(text):
        return ref.group(1), ref.group(2)
    if key := _BARE_KEY_RE.match(text):
        return "", key.group(1)
    return None


# Every regex here runs on untrusted lines of any length, so each takes linear time: where two
# adjacent parts could match the same characters, the first is possessive (``*+``: it never gives
# characters back), so a failing match cannot try all O(n) ways of splitting a run between them.
# Block openers (``for … :``) are matched on the line without its final ":", so their ``.+`` or
# ``.*`` runs to the end at once instead of being retried up to every ")" or " in ".
_BLOCK_RES = (
    re.compile(r"^for\s+[\w, ()]+\s+in\s.+$"),
    re.compile(r"^(?:while|if|elif|with)\s.+$"),
    re.compile(r"^(?:else|try|finally)$"),
    re.compile(r"^def\s++\w++\s*+\(.*\)\s*+(?:->.*)?$"),
)
_CODE_RES = (
    re.compile(r"^(?:import\s++[\w.]|from\s++[\w.]++\s++import\s.)"),
    re.compile(r"^(?:return|print)\b.*[)\w]$"),
    re.compile(r"^[A-Za-z_][\w.\[\]'\"]*+\s*+(?:=|\+=|-=|\*=|/=)\s*+[^=\s]"),
    re.compile(r"^[A-Za-z_][\w.\[\]]*+\(.*\)$"),
)
# Matched only up to the line's last ">" (see ``html_tags``).
_HTML_TAG_RE = re.compile(r"</?([A-Za-z][\w-]*+)[^>]*+>")
_CODE_OPEN_RE = re.compile("<code>", re.IGNORECASE)
_CODE_CLOSE_RE = re.compile("</code>", re.IGNORECASE)


def split_lines(text: str) -> list[str]:
    """Lines as editors number them: only \\n, \\r\\n and \\r end a line (not str.splitlines'
    form feeds and record separators, which would shift every line number after them)."""
    return _one_newline(text).split("\n")


def _one_newline(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def nonblank_rows(text: str) -> list[tuple[int, str]]:
    """(line number, normalised text) of every line that is not blank."""
    text = _one_newline(text)
    lines = text.split("\n")
    # Most texts are already normal, and a few C-level scans of the whole text prove it: every
    # whitespace ``str.split`` splits on but the space and the newline is a control or separator
    # character, which ``isprintable`` rejects. That saves normalising each line (4% of import).
    if (
        "  " in text
        or " \n" in text
        or "\n " in text
        or text.startswith(" ")
        or text.endswith(" ")
        or not text.replace("\n", "").isprintable()
    ):
        # ``normalise`` written inline: a function call per line cost 5% of import time.
        return [(n, t) for n, raw in enumerate(lines, start=1) if (t := " ".join(raw.split()))]
    return [(n, t) for n, t in enumerate(lines, start=1) if t]


def normalise(line: str) -> str:
    """Collapse runs of whitespace: the only rewrite the importer ever makes."""
    return " ".join(line.split())


def looks_like_code(line: str) -> bool:
    """Whether a line is Python code rather than prose (indentation is already lost)."""
    if line.endswith(":") and any(rx.match(line[:-1]) for rx in _BLOCK_RES):
        return True
    return any(rx.match(line) for rx in _CODE_RES)


def html_tags(line: str) -> list[str]:
    """Lower-cased names of the HTML tags in a line: ``</?name …>``, up to the first ">" after it.

    Searched only up to the line's last ">": past it no tag can end, and there every "<" the
    search tries would scan to the end of the line and fail (a 400 KB line of "<a" took 29 s).
    Before it every tag start succeeds at its first try, so the search is linear.
    """
    return [m.group(1).lower() for m in _HTML_TAG_RE.finditer(line, 0, line.rfind(">") + 1)]


def code_tag_split(text: str) -> list[str]:
    """``re.split(r"<code>(.*?)</code>", text, flags=re.I)``, in linear time: text, code, text, …
    (the regex rescans to the end of the line from every unclosed "<code>")."""
    parts: list[str] = []
    pos = 0
    while (start := _CODE_OPEN_RE.search(text, pos)) and (end := _CODE_CLOSE_RE.search(text, start.end())):
        parts += [text[pos : start.start()], text[start.end() : end.start()]]
        pos = end.end()
    return [*parts, text[pos:]]
