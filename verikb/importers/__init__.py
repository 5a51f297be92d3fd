"""Importers: one module per source layout, chosen through the ``IMPORTERS`` registry."""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Callable
from pathlib import Path

from verikb.errors import SourceError
from verikb.importers.study_text import ImportResult, parse_study_text

__all__ = ["IMPORTERS", "MAX_SOURCE_BYTES", "ImportResult", "Importer", "file_kind", "import_file", "read_source"]

Importer = Callable[..., ImportResult]
"""``(text, *, path, deck_id) -> ImportResult``."""

IMPORTERS: dict[str, Importer] = {"study-text": parse_study_text}


MAX_SOURCE_BYTES = 5 * 1024 * 1024
"""A study text is a few KB; a file past this is no study text (and /dev/zero never ends)."""

# Byte-order marks, longest first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


def read_source(path: Path) -> str:
    """The text of a source file, or a SourceError when it cannot be a study text."""
    data = _read_regular_file(path)
    encoding, name = next(((enc, name) for bom, enc, name in _BOMS if data.startswith(bom)), ("utf-8-sig", "UTF-8"))
    if name == "UTF-8" and b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise SourceError(_nul_message(data), path=path, line=line)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(encoding, "replace").count("\n") + 1
        raise SourceError(f"not {name} text, not a study text", path=path, line=line) from None
    if "\0" in text:
        line = text[: text.index("\0")].count("\n") + 1
        raise SourceError(f"binary data (NUL character in {name} text), not a study text", path=path, line=line)
    if not text.strip():
        raise SourceError("the file is empty", path=path)
    return text


def _read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_SOURCE_BYTES: a folder, FIFO or device is refused
    before anything is read (a FIFO would block the import until someone writes to it)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # no wait for a FIFO's writer
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path=path) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise SourceError(f"{file_kind(mode)}, not a regular file: not a study text", path=path)
    with os.fdopen(fd, "rb") as file:
        try:
            data = file.read(MAX_SOURCE_BYTES + 1)
        except OSError as exc:
            raise SourceError(f"cannot read: {exc.strerror}", path=path) from None
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError(f"larger than {MAX_SOURCE_BYTES // 2**20} MiB: not a study text", path=path)
    return data


def file_kind(mode: int) -> str:
    """What a non-regular file is, for an error message."""
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"))
    kinds += ((stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "a special file")


def _nul_message(data: bytes) -> str:
    """Binary data, or UTF-16 saved without the byte-order mark that names it."""
    sample = data[:1024]
    half = len(sample) // 4
    for order, zeros, other in (("LE", sample[1::2], sample[0::2]), ("BE", sample[0::2], sample[1::2])):
        if zeros.count(0) > half and not other.count(0):
            return f"UTF-16-{order} text without a byte-order mark; save it as UTF-8"
    return "binary data (NUL byte), not a study text"


def import_file(path: Path, *, layout: str = "study-text") -> ImportResult:
    """Import one source file; SourceError when nothing in it is a study item."""
    result = IMPORTERS[layout](read_source(path), path=str(path), deck_id=path.stem)
    if not result.deck.items():
        raise SourceError("not a study text: no cards, questions, prompts or practice problems found", path=path)
    return result
