"""The ``import`` command: sources -> deck JSON on stdout, or reviewable YAML in quizzes/."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import signal
import stat
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from verikb.errors import OutputError, SourceError, VerikbError
from verikb.import_manifest import ImportManifest, content_digest

if TYPE_CHECKING:
    from verikb.model import Deck

__all__ = ["run_import", "source_files"]


def source_files(paths: list[Path]) -> list[Path]:
    """Expand folders to their ``*.txt`` files, sorted. A missing path, a folder with no text, a
    FIFO or device (reading one would block or never end), or two sources that would write the
    same deck is an error: nothing is imported."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.txt"))
            if not found:
                raise SourceError("a folder with no *.txt source texts in it", path=path)
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise SourceError("no such file or folder", path=path)
    for file in files:
        _check_regular(file)
    return _one_source_per_deck(files)


def _check_regular(path: Path) -> None:
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        from verikb.importers import file_kind  # only on this error path: the importer is a slow import

        raise SourceError(f"{file_kind(mode)}, not a regular file: not a study text", path=path)


def _one_source_per_deck(files: list[Path]) -> list[Path]:
    """The files with repeats of one file dropped; two files of one stem would be one deck."""
    by_stem: dict[str, Path] = {}
    unique: list[Path] = []
    for file in files:
        first = by_stem.setdefault(file.stem, file)
        if first is file:
            unique.append(file)
        elif first.resolve() != file.resolve():
            raise SourceError(f"{first} and {file} would both be deck {file.stem!r}: rename one", path=file)
    return unique


def run_import(paths: list[Path], *, as_json: bool, out: Path | None) -> int:
    """Import every source; bad ones are reported and skipped. Exit 2 if any was unusable.

    With ``out`` (and no ``as_json``), sources whose text and deck file are as the last import
    left them are not imported again: their messages are repeated and nothing is written.
    """
    if out is not None and out.exists() and not out.is_dir():
        raise OutputError("not a folder (--out names the folder the decks are written into)", path=out)
    files = source_files(paths)
    manifest = ImportManifest.for_folder(out) if out is not None and not as_json else None
    earlier = {f: manifest.unchanged(f, out / f"{f.stem}.yml") for f in files} if manifest and out else {}
    decks, imported, failed = [], 0, False
    for file, outcome in _outcomes(files, earlier, out, keep_decks=as_json):
        for message in outcome.messages:
            print(message, file=sys.stderr)
        if outcome.fatal:
            raise VerikbError(outcome.fatal)
        if outcome.deck_id is None and not outcome.unchanged:
            failed = True
            continue
        imported += 1
        if outcome.deck is not None:
            decks.append(outcome.deck)
        if manifest and out and outcome.digests is not None:
            source_digest, deck_digest = outcome.digests
            target = out / f"{outcome.deck_id}.yml"
            manifest.record(file, target, outcome.messages, source_digest=source_digest, deck_digest=deck_digest)
    if manifest:
        manifest.save()
    if as_json and decks:
        from verikb.deck_io import deck_to_dict

        data = [deck_to_dict(d) for d in decks]
        print(json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False))
    elif out is None and not failed and not as_json:
        print(f"parsed {len(decks)} deck(s); add --json to print them or --out DIR to write them")
    return 2 if failed or not imported else 0


def _outcomes(
    files: list[Path], earlier: dict[Path, list[str] | None], out: Path | None, *, keep_decks: bool
) -> Iterator[tuple[Path, _Outcome]]:
    """Each file's outcome, in source order: remembered from the last import, or imported now."""
    todo = [f for f in files if earlier.get(f) is None]
    work = functools.partial(_import_one, out=out, keep_deck=keep_decks)
    with contextlib.ExitStack() as stack:
        if len(todo) >= _POOL_MIN_FILES and (os.cpu_count() or 1) > 1:
            import multiprocessing

            # Leaving the block terminates the pool's processes; SIGTERM leaves it too (by default it
            # would end this process alone and leave them waiting forever for work).
            if threading.current_thread() is threading.main_thread():
                stack.callback(signal.signal, signal.SIGTERM, signal.signal(signal.SIGTERM, _exit_on_signal))
            done: Iterator[_Outcome] = stack.enter_context(multiprocessing.Pool()).imap(work, todo, chunksize=16)
        else:
            done = map(work, todo)
        for file in files:
            kept = earlier.get(file)
            yield file, (_Outcome(None, None, tuple(kept), unchanged=True) if kept is not None else next(done))


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


# From this many files on, sources are imported by a process pool, one process per core: parsing
# and writing YAML (~3 ms a deck, mostly PyYAML's Python representer) are CPU-bound and each
# file is independent. Below it, starting the pool costs more than it saves.
_POOL_MIN_FILES = 64


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What importing one file gave: plain data, so it crosses process boundaries."""

    deck_id: str | None
    """None when the source was unusable."""
    deck: Deck | None
    """The deck itself, for ``--json`` or a dry run; for a deck only written, the parent needs no
    more than its id, and pickling whole decks back from a pool costs ~0.1 ms each."""
    messages: tuple[str, ...]
    """Lines for stderr, in order: errors, warnings, notes."""
    digests: tuple[str, str] | None = None
    """Of the source and the deck file written, for the import manifest (the worker has both in hand)."""
    fatal: str | None = None
    """A deck file that blocks the whole import (it must be fixed first)."""
    unchanged: bool = False
    """Not imported again: source and deck file are as the last import left them."""


def _import_one(file: Path, *, out: Path | None, keep_deck: bool) -> _Outcome:
    # Imported on first use: a re-import with nothing changed needs neither (~0.1 s of imports).
    from verikb.curation import merge_curated
    from verikb.deck_io import read_deck, write_deck
    from verikb.importers import import_file

    try:
        deck = import_file(file).deck
    except SourceError as exc:
        return _Outcome(None, None, (f"error: {exc}",))
    if out is None:
        return _Outcome(deck.id, deck, _warnings(deck))
    target = out / f"{deck.id}.yml"
    reported: list[str] = []
    if target.exists():
        try:
            merge = merge_curated(deck, read_deck(target))
        except VerikbError as exc:
            return _Outcome(None, None, _warnings(deck), fatal=f"{exc} (fix or delete it, then import again)")
        deck = merge.deck
        reported = [f"warning: {target}: {w}" for w in merge.warnings] + [f"note: {target}: {n}" for n in merge.notes]
    written = write_deck(target, deck)
    digests = (content_digest(file.read_bytes()), content_digest(written.encode()))
    return _Outcome(deck.id, deck if keep_deck else None, (*_warnings(deck), *reported), digests=digests)


def _warnings(deck: Deck) -> tuple[str, ...]:
    return tuple(f"warning: {warning}" for warning in deck.warnings)
