"""Errors that point at a file and line, so the CLI can print one actionable line."""

from __future__ import annotations

from pathlib import Path

__all__ = ["DeckFileError", "OutputError", "SnippetError", "SourceError", "VerikbError"]


class VerikbError(Exception):
    """Base of every error verikb reports to a user (printed as one line, exit code 2)."""

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class SourceError(VerikbError):
    """A source text cannot be imported at all (empty, binary, not a study text)."""


class DeckFileError(VerikbError):
    """A deck YAML under quizzes/ does not match the deck schema."""


class SnippetError(VerikbError):
    """A snippet file's header is missing or names items that do not exist."""


class OutputError(VerikbError):
    """A file verikb writes cannot be written: no permission, disk full, a file where a folder should be."""
