"""What a verification depends on, hashed: framework versions, runner code, snippets, decks.

Kept light (no pydantic, no rich, no framework import) so that a ``verify`` with nothing
changed can answer from ``verification.json`` in a few milliseconds of work.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import verikb
from verikb.verify.snippets import find_snippets

__all__ = ["framework_version", "inputs_digest", "runner_fingerprint", "unchanged_record"]

_DISTRIBUTIONS = {
    "torch": ("torch",),
    "tensorflow": ("tensorflow-cpu", "tensorflow"),
    "keras": ("keras",),
    "scikit-learn": ("scikit-learn",),
}
"""The distributions whose installed version a verdict depends on (experiments use scikit-learn's data)."""


def framework_version(framework: str) -> str:
    """Installed version from distribution metadata, without importing it: the one definition of
    "framework version" that cache keys and the whole-verify digest use."""
    from importlib import metadata  # ~50 ms to import: only runs that execute something need it

    for dist in _DISTRIBUTIONS[framework]:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return "not installed"


def runner_fingerprint() -> str:
    """verikb's version and the code of every module a verdict goes through (the runner, the claims API
    and experiment helpers snippets import, the result building, the deck types): any change re-runs."""
    here = Path(__file__).parent
    files = [*sorted(here.glob("*.py")), here.parent / "model.py"]
    code = b"".join(path.read_bytes() for path in files)
    return f"{verikb.__version__}:{hashlib.sha256(code).hexdigest()[:16]}"


def inputs_digest(root: Path) -> str:
    """Hash of everything a full ``verify`` of ``root`` reads; equal digests give equal results."""
    digest = hashlib.sha256()
    digest.update(f"{runner_fingerprint()}\0{sys.version}\0".encode())
    for package in _DISTRIBUTIONS:
        digest.update(f"{package}={framework_version(package)}\0".encode())
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
