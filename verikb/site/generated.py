"""Writing the generated part of docs/: only files whose content changed, and nothing stale left behind.

Unchanged files keep their modification time, so ``mkdocs serve`` and the build stamp see no change
(bench row "no-change build <= 1.1x plain").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from verikb.atomic import write_atomic

__all__ = ["WriteSummary", "write_generated"]


@dataclass(frozen=True, slots=True, kw_only=True)
class WriteSummary:
    written: int
    unchanged: int
    removed: int

    def __str__(self) -> str:
        return f"{self.written} files written, {self.unchanged} unchanged, {self.removed} removed"


def write_generated(
    docs_dir: Path, files: dict[str, str | bytes], *, folders: tuple[str, ...], single: tuple[str, ...]
) -> WriteSummary:
    """Write ``files`` (paths relative to ``docs_dir``); delete files under the owned ``folders`` and
    the owned ``single`` files that ``files`` no longer has."""
    written = unchanged = removed = 0
    for relative, content in files.items():
        target = docs_dir / relative
        data = content.encode() if isinstance(content, str) else content
        try:
            same = target.stat().st_size == len(data) and target.read_bytes() == data
        except OSError:
            same = False
        if same:
            unchanged += 1
        else:
            write_atomic(target, data)
            written += 1
    owned = [docs_dir / name for name in single if (docs_dir / name).is_file()]
    for folder in folders:
        if (docs_dir / folder).is_dir():
            owned += [p for p in (docs_dir / folder).rglob("*") if p.is_file() or p.is_symlink()]
    for path in owned:
        if path.relative_to(docs_dir).as_posix() not in files:
            path.unlink()
            removed += 1
    for folder in folders:
        for sub in sorted((docs_dir / folder).rglob("*"), reverse=True) if (docs_dir / folder).is_dir() else []:
            if sub.is_dir() and not any(sub.iterdir()):
                sub.rmdir()
    return WriteSummary(written=written, unchanged=unchanged, removed=removed)
