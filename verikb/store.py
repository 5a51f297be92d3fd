"""The one content-addressed store under ``.verikb-cache/store/``: an entry's path is the hash of what made it.

Snippet results, parsed decks and the playground wheel live here, each entry keyed by the content it was made from plus
``STORE_VERSION`` and verikb's version, so a new verikb never reads an entry an older one wrote. Entries are
never updated in place, only added; the folder is safe to delete.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import verikb

__all__ = ["STORE_DIR", "STORE_VERSION", "digest", "entry"]

STORE_DIR = Path(".verikb-cache") / "store"
"""Relative to the project root."""
STORE_VERSION = "1"
"""Raised when the layout of any entry changes."""


def digest(kind: str, *parts: str | bytes) -> str:
    """The name of the entry of ``kind`` made from ``parts`` (its content, in order)."""
    sha = hashlib.sha256(f"{STORE_VERSION}\0{verikb.__version__}\0{kind}\0".encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        sha.update(len(data).to_bytes(8, "little") + data)  # length-prefixed: no two part lists collide
    return sha.hexdigest()


def entry(root: Path, kind: str, *parts: str | bytes) -> Path:
    """The path of the entry of ``kind`` made from ``parts``, in the store of the project at ``root``."""
    return root / STORE_DIR / kind / digest(kind, *parts)
