"""What a verification depends on, hashed: framework versions, runner code, snippets, decks.

Kept light (no pydantic, no rich, no framework import) so that a ``verify`` with nothing
changed can answer from ``verification.json`` in a few milliseconds of work.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path

import verikb
from verikb.verify.snippets import find_snippets

__all__ = ["framework_version", "inputs_digest", "runner_fingerprint", "unchanged_record"]

_DISTRIBUTIONS = {"torch": ("torch",), "tensorflow": ("tensorflow-cpu", "tensorflow")}
# The importable packages whose installation a verdict depends on.
_PACKAGES = ("torch", "tensorflow", "keras")
# How snippets run is part of every result: a change to this code invalidates all results.
_RUNNER_FILES = ("claims.py", "worker.py")


def framework_version(framework: str) -> str:
    """Installed version from package metadata: no framework import."""
    from importlib import metadata  # ~50 ms to import: only runs that execute something need it

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
    digest.update(f"{runner_fingerprint()}\0{sys.version}\0".encode())
    for package in _PACKAGES:
        digest.update(f"{package}={_installation(package)}\0".encode())
    snippets = root / "snippets"
    files = find_snippets([snippets]) if snippets.is_dir() else []
    files += sorted((root / "quizzes").glob("*.yml"))
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _installation(package: str) -> str:
    """Where ``package`` is installed, and the size and time of its ``__init__``: any install,
    upgrade or downgrade changes it. Found without importing the package or reading its
    metadata (importlib.metadata alone cost ~50 ms of a ~150 ms no-change verify)."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return "not installed"
    stat = Path(spec.origin).stat()
    return f"{spec.origin}:{stat.st_size}:{stat.st_mtime_ns}"


def unchanged_record(verification: Path, digest: str) -> dict | None:
    """The stored verification when it was made from exactly these inputs, else None."""
    try:
        data = json.loads(verification.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("inputs") == digest else None
