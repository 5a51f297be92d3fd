"""Line-level recognisers for scraped study texts: chrome, markers, options, code.

Hand-written because the layout is a scrape of one study site's viewer; no library
knows it. Each recogniser looks at one whitespace-normalised line.
"""

from __future__ import annotations

import re

__all__ = [
    "CARD_LEVELS",
    "CHROME_EXACT",
    "CHROME_PREFIXES",
    "PRACTICE_LEVELS",
    "looks_like_code",
    "match_option",
    "nonblank_rows",
    "normalise",
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
OPTION_REF_RE = re.compile(r"^(.*?)\s*->\s*Option\s+([A-Z])\s*$")
QUICK_CHECK_RE = re.compile(r"^Quick Check:\s*(.*)$", re.IGNORECASE)
HINT_RE = re.compile(r"^Hint:\s*(.*)$", re.IGNORECASE)
MISTAKES_RE = re.compile(r"^Common Mistakes:\s*(.*)$", re.IGNORECASE)
ANSWER_KEY_RE = re.compile(r"^(?:Correct\s+)?Answer\s*:\s*(?:Option\s+)?([A-Z])\b", re.IGNORECASE)

# An option is its letter then ". ", ") ", a space, or text that cannot continue a word
# ("ATo speed up" has no separator at all, "A1.0" neither).
_OPTION_BODY_RE = re.compile(r"^(?:[.)]\s*|\s+|(?=[A-Z0-9\"'(\[<`$\-]))(.+)$")

_CODE_RES = (
    re.compile(r"^for\s+[\w, ()]+\s+in\s+.+:$"),
    re.compile(r"^(while|if|elif|with)\s.+:$"),
    re.compile(r"^(else|try|finally):$"),
    re.compile(r"^def\s+\w+\s*\(.*\)\s*(->.*)?:$"),
    re.compile(r"^(import\s+[\w.]+|from\s+[\w.]+\s+import\s+.+)"),
    re.compile(r"^(return|print)\b.*[)\w]$"),
    re.compile(r"^[A-Za-z_][\w.\[\]'\"]*\s*(=|\+=|-=|\*=|/=)\s*[^=\s].*$"),
    re.compile(r"^[A-Za-z_][\w.\[\]]*\(.*\)$"),
)
_HTML_TAG_RE = re.compile(r"</?([A-Za-z][\w-]*)[^>]*>")


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


def match_option(line: str, letter: str) -> str | None:
    """The option text when ``line`` is option ``letter``, else None."""
    if not line.startswith(letter):
        return None
    body = _OPTION_BODY_RE.match(line[1:])
    return body.group(1).strip() if body else None


def looks_like_code(line: str) -> bool:
    """Whether a line is Python code rather than prose (indentation is already lost)."""
    return any(rx.match(line) for rx in _CODE_RES)


def html_tags(line: str) -> list[str]:
    """Lower-cased names of the HTML tags in a line."""
    return [m.group(1).lower() for m in _HTML_TAG_RE.finditer(line)]
