"""The ``import`` command: sources -> deck JSON on stdout, or reviewable YAML in quizzes/."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from verikb.deck_io import deck_to_dict, merge_curated, read_deck, write_deck
from verikb.errors import SourceError, VerikbError
from verikb.importers import import_file

__all__ = ["run_import", "source_files"]


def source_files(paths: list[Path]) -> list[Path]:
    """Expand folders to their ``*.txt`` files, sorted; a missing path is an error."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob("*.txt")))
        elif path.exists():
            files.append(path)
        else:
            raise SourceError("no such file or folder", path=path)
    return files


def run_import(paths: list[Path], *, as_json: bool, out: Path | None) -> int:
    """Import every source; bad ones are reported and skipped. Exit 2 if any was unusable."""
    decks, failed = [], False
    for file in source_files(paths):
        try:
            deck = import_file(file).deck
        except SourceError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed = True
            continue
        for warning in deck.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        if out is not None:
            deck = _write_merged(out / f"{deck.id}.yml", deck)
        decks.append(deck)
    if as_json and decks:
        data = [deck_to_dict(d) for d in decks]
        print(json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False))
    elif out is None and not failed:
        print(f"parsed {len(decks)} deck(s); add --json to print them or --out DIR to write them")
    return 2 if failed or not decks else 0


def _write_merged(target: Path, deck):  # noqa: ANN001, ANN202 - private helper
    """Write ``deck`` to ``target`` keeping the curated fields already there."""
    if target.exists():
        try:
            deck, notes = merge_curated(deck, read_deck(target))
        except VerikbError as exc:
            raise VerikbError(f"{exc} (fix or delete it, then import again)") from None
        for note in notes:
            print(f"note: {target}: {note}", file=sys.stderr)
    write_deck(target, deck)
    return deck
