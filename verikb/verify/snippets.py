"""Finding snippet files and reading their headers (which deck items they check, limits)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from verikb.errors import SnippetError
from verikb.model import Framework

__all__ = ["DEFAULT_MEMORY_BYTES", "FRAMEWORKS", "Snippet", "find_snippets", "read_snippet"]

FRAMEWORKS = tuple(f.module for f in Framework)
"""Folder names under snippets/: the frameworks' import names."""
DEFAULT_TIMEOUT_S = 120.0
DEFAULT_MEMORY_BYTES = 4 * 2**30
"""Address-space limit (RLIMIT_AS) of a snippet whose header sets none. It counts the framework the
child inherits (~0.7 GiB of torch, ~1.5 GiB of started TensorFlow); docs/verification.md has the measurements."""
_CHECKS_RE = re.compile(r"^#\s*checks:\s*(.+)$", re.MULTILINE)
_TIMEOUT_RE = re.compile(r"^#\s*timeout:\s*(\d+(?:\.\d+)?)\s*$", re.MULTILINE)
_MEMORY_RE = re.compile(r"^#\s*memory:\s*(.*?)\s*$", re.MULTILINE)
_MEMORY_VALUE_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(MiB|GiB)")
_ITEM_RE = re.compile(r"^[\w.-]+/(card|question|prompt|practice)-\d+(/option-\d+)?$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Snippet:
    """A snippet file: plain Python checking the claims of the deck items its header names."""

    path: Path
    framework: str
    """``torch`` or ``tensorflow``: the folder it lives in under ``snippets/``."""
    checks: tuple[str, ...]
    """``DECK/ITEM`` ids from the ``# checks:`` header lines."""
    timeout_s: float
    memory_bytes: int | None = None
    """Its address-space limit from a ``# memory: 8 GiB`` header line; None: the runner's default."""
    text: str

    @property
    def digest(self) -> str:
        """Hash of the snippet's text, part of its cache key."""
        return hashlib.sha256(self.text.encode()).hexdigest()

    def covers(self, item: str) -> bool:
        """Whether the header names ``item`` or an item it is an option of."""
        return any(item == c or item.startswith(f"{c}/") for c in self.checks)


def read_snippet(path: Path) -> Snippet:
    """Parse a snippet's header; SnippetError with file and line when it is malformed."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SnippetError(f"cannot read: {exc}", path=path) from None
    framework = next((part for part in reversed(path.parts[:-1]) if part in FRAMEWORKS), None)
    if framework is None:
        raise SnippetError("put the snippet under snippets/torch/ or snippets/tensorflow/", path=path)
    checks: list[str] = []
    for m in _CHECKS_RE.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        for item in (s.strip() for s in m.group(1).split(",")):
            if not _ITEM_RE.match(item):
                raise SnippetError(f"'{item}' is not DECK/KIND-N[/option-N]", path=path, line=line)
            checks.append(item)
    if not checks:
        raise SnippetError("no '# checks: DECK/ITEM' header line", path=path, line=1)
    timeout = _TIMEOUT_RE.search(text)
    return Snippet(
        path=path,
        framework=framework,
        checks=tuple(checks),
        timeout_s=float(timeout.group(1)) if timeout else DEFAULT_TIMEOUT_S,
        memory_bytes=_memory(text, path),
        text=text,
    )


def _memory(text: str, path: Path) -> int | None:
    """Bytes from the ``# memory:`` header line (``512 MiB``, ``8 GiB``), if there is one."""
    m = _MEMORY_RE.search(text)
    if m is None:
        return None
    value = _MEMORY_VALUE_RE.fullmatch(m.group(1))
    if value is None:
        line = text.count("\n", 0, m.start()) + 1
        raise SnippetError(f"memory '{m.group(1)}' is not a number of MiB or GiB, e.g. '8 GiB'", path=path, line=line)
    return int(float(value.group(1)) * 2 ** (20 if value.group(2) == "MiB" else 30))


def find_snippets(paths: list[Path]) -> list[Path]:
    """Snippet files under ``paths`` (folders searched recursively), sorted, no duplicates."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*.py") if not p.name.startswith("_"))
        elif path.is_file():
            found.add(path)
        else:
            raise SnippetError("no such file or folder", path=path)
    return sorted(found)
