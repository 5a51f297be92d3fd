"""Importers: one module per source layout, chosen through the ``IMPORTERS`` registry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from verikb.errors import SourceError
from verikb.importers.study_text import ImportResult, parse_study_text

__all__ = ["IMPORTERS", "ImportResult", "Importer", "import_file", "read_source"]

Importer = Callable[..., ImportResult]
"""``(text, *, path, deck_id) -> ImportResult``."""

IMPORTERS: dict[str, Importer] = {"study-text": parse_study_text}


def read_source(path: Path) -> str:
    """The text of a source file, or a SourceError when it cannot be a study text."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path=path) from None
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise SourceError("binary data (NUL byte), not a study text", path=path, line=line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError("not UTF-8 text, not a study text", path=path, line=line) from None
    if not text.strip():
        raise SourceError("the file is empty", path=path)
    return text


def import_file(path: Path, *, layout: str = "study-text") -> ImportResult:
    """Import one source file; SourceError when nothing in it is a study item."""
    result = IMPORTERS[layout](read_source(path), path=str(path), deck_id=path.stem)
    if not result.deck.items():
        raise SourceError("not a study text: no cards, questions, prompts or practice problems found", path=path)
    return result
