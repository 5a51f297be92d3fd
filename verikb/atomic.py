"""Writing a file so that no reader ever sees half of it (every output verikb writes goes here)."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from verikb.errors import OutputError

__all__ = ["write_atomic"]


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write via a temp file and rename, so no reader ever sees half a file.

    The file gets mode 0666 less the umask (0644 usually), as ``open()`` would give it. A write
    that fails (no permission, disk full, a file where a folder should be) leaves the old file
    as it was and no temp file behind, and raises OutputError: one line naming the file.
    """
    data = content.encode() if isinstance(content, str) else content
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_new(tmp, data)
        tmp.replace(path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write: {exc.strerror or exc}", path=path) from None
        raise


def _write_new(path: Path, data: bytes) -> None:
    """Create ``path`` and write ``data`` into it; O_EXCL never reuses or follows what is there,
    and the kernel applies the umask to the 0666 asked for."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
