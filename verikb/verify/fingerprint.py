"""What a verification depends on, hashed: framework versions, runner code, snippets, decks.

Kept light (no pydantic, no rich, no framework import) so that a ``verify`` with nothing
changed can answer from ``verification.json`` in a few milliseconds of work.
"""

from __future__ import annotations

import hashlib
import json
import platform
from importlib import metadata
from pathlib import Path

import verikb
from verikb.verify.snippets import find_snippets

__all__ = ["framework_version", "inputs_digest", "runner_fingerprint", "unchanged_record"]

_DISTRIBUTIONS = {"torch": ("torch",), "tensorflow": ("tensorflow-cpu", "tensorflow")}
# How snippets run is part of every result: a change to this code invalidates all results.
_RUNNER_FILES = ("claims.py", "worker.py")


def framework_version(framework: str) -> str:
    """Installed version from package metadata: cheap, no framework import."""
    for dist in _DISTRIBUTIONS[framework]:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return "not installed"


def runner_fingerprint() -> str:
    here = Path(__file__).parent
    code = b"".join((here / name).read_bytes() for name in _RUNNER_FILES)
    return f"{verikb.__version__}:{hashlib.sha256(code).hexdigest()[:16]}"


def inputs_digest(root: Path) -> str:
    """Hash of everything a full ``verify`` of ``root`` reads; equal digests give equal results."""
    digest = hashlib.sha256()
    digest.update(f"{runner_fingerprint()}\0{platform.python_version()}\0".encode())
    for framework in _DISTRIBUTIONS:
        digest.update(f"{framework}={framework_version(framework)}\0".encode())
    snippets = root / "snippets"
    files = find_snippets([snippets]) if snippets.is_dir() else []
    files += sorted((root / "quizzes").glob("*.yml"))
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def unchanged_record(verification: Path, digest: str) -> dict | None:
    """The stored verification when it was made from exactly these inputs, else None."""
    try:
        data = json.loads(verification.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("inputs") == digest else None
