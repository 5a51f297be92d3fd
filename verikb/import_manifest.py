"""What the last ``import --out`` wrote, so an import with nothing changed parses and writes nothing.

One JSON file in the project root's cache folder records, per source, the hash of its text, the hash of the
deck file written for it, and the messages its import printed. A source is imported again when
its text, its deck file (a reviewer's edit) or the importer's own code changed; otherwise its
messages are printed again and nothing else happens (re-importing 100 unchanged texts took 0.6 s,
a quarter of a plain site build: bench row "no-change build <= 1.1x plain" fails without it).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import verikb
from verikb.atomic import write_atomic

__all__ = ["ImportManifest", "content_digest"]

# In the project root, beside the other caches.
_MANIFEST = Path(".verikb-cache") / "import.json"
_PACKAGE = Path(verikb.__file__).parent
# Code that decides what a deck file holds: a change to any of it re-imports everything.
_IMPORTER_CODE = (
    *sorted((_PACKAGE / "importers").glob("*.py")),
    *(_PACKAGE / name for name in ("model.py", "deck_io.py", "curation.py", "yaml_emitter.py")),
)


def content_digest(data: bytes) -> str:
    """How the manifest fingerprints a source or deck file's bytes."""
    return hashlib.sha256(data).hexdigest()


def _digest(path: Path) -> str | None:
    try:
        return content_digest(path.read_bytes())
    except OSError:
        return None


def _importer_fingerprint() -> str:
    code = hashlib.sha256(b"".join(p.read_bytes() for p in _IMPORTER_CODE)).hexdigest()
    return f"{verikb.__version__}:{code}"


@dataclass(slots=True)
class ImportManifest:
    """The record for one deck folder; ``unchanged`` asks it, ``record`` and ``save`` update it."""

    path: Path
    folder: Path
    """The deck folder, resolved once (resolving every deck file's path cost ~20 µs each)."""
    importer: str
    entries: dict[str, list]
    """deck file (resolved path) -> [source path as given, source hash, deck file hash, messages]."""

    @classmethod
    def for_folder(cls, out: Path) -> ImportManifest | None:
        """The manifest of ``out`` when it is a folder of the current directory (the project root,
        as in ``import sources/ --out quizzes/``); None elsewhere, so nothing is written outside."""
        if out.resolve().parent != Path.cwd().resolve():
            return None
        path = out.resolve().parent / _MANIFEST
        importer = _importer_fingerprint()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        entries = data.get("entries", {}) if isinstance(data, dict) and data.get("importer") == importer else {}
        return cls(path=path, folder=out.resolve(), importer=importer, entries=entries)

    def unchanged(self, source: Path, target: Path) -> list[str] | None:
        """The messages of the earlier import of ``source`` when neither file changed since."""
        entry = self.entries.get(str(self.folder / target.name))
        if not entry or entry[:3] != [str(source), _digest(source), _digest(target)]:
            return None
        return list(entry[3])

    def record(
        self, source: Path, target: Path, messages: tuple[str, ...], *, source_digest: str, deck_digest: str
    ) -> None:
        """Remember one import; the digests come from the process that read and wrote the files."""
        self.entries[str(self.folder / target.name)] = [str(source), source_digest, deck_digest, list(messages)]

    def save(self) -> None:
        write_atomic(self.path, json.dumps({"importer": self.importer, "entries": self.entries}))
