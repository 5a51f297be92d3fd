"""The render stage as a step: read decks, verdicts and the site config; write the generated docs files."""

from __future__ import annotations

import importlib.util
import pickle
from dataclasses import dataclass
from pathlib import Path

import verikb
from verikb.atomic import write_atomic
from verikb.deck_io import DECK_CACHE_DIR, read_decks
from verikb.model import Deck
from verikb.render.exports import render_exports
from verikb.render.paths import deck_path
from verikb.render.settings import read_config, read_settings
from verikb.render.site_files import ASSET_DIR, BUNDLE_JS, GENERATED_FILES, GENERATED_FOLDERS, render_site
from verikb.site.generated import WriteSummary, write_generated
from verikb.site.minify import minified_js
from verikb.site.runtime import playground_wheel, vendor_files
from verikb.store import entry
from verikb.verify.schema import Verification, read_verification

__all__ = ["Rendered", "docs_dir_of", "render_docs"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Rendered:
    summary: WriteSummary
    deck_pages: list[str]
    """Every deck's page, relative to docs/: what the built site must hold (``check_site``)."""
    owned: frozenset[Path]
    """The files and folders of docs/ that render writes whole: made from the decks, verdicts, config and code."""


def docs_dir_of(config_file: Path) -> Path:
    return config_file.parent / str(read_config(config_file).get("docs_dir") or "docs")


def _input_files(root: Path) -> list[Path]:
    """The files the decks and their verdicts are read from."""
    return [*sorted((root / "quizzes").glob("*.yml")), root / "verification.json"]


def _newest_input(inputs: list[Path]) -> int:
    """When the decks or their verdicts were last written (seconds): the exported Anki notes' time, so Anki
    takes a note from a later export as newer and updates it (it keeps its copy of a note no newer)."""
    return max((int(p.stat().st_mtime) for p in inputs if p.is_file()), default=0)


def _exports(root: Path, decks: list[Deck], verification: Verification) -> dict[str, bytes]:
    """The downloads, from the store when the decks, verdicts and exporting code are what made them last time.

    Making them costs ~9 ms a topic (genanki's database, the zips): ~1 s at 100 topics, which a rebuild of
    unchanged decks need not pay (bench row "build <= 1.15x plain, N=100"). Only the newest entry is kept.
    """
    inputs = _input_files(root)
    timestamp = _newest_input(inputs)
    package = Path(verikb.__file__).parent
    genanki = importlib.util.find_spec("genanki")
    # Keyed by the files the decks and verdicts were read from and the code that reads and exports them (pickling
    # the parsed decks for a key instead cost 0.3 s at 1,000 topics).
    readers = ("model.py", "deck_io.py", "curation.py", "verify/schema.py")
    code = [*sorted((package / "render").glob("*.py")), *(package / name for name in readers)]
    if genanki is not None and genanki.origin:
        code.append(Path(genanki.origin).with_name("version.py"))
    parts = [path.read_bytes() if path.is_file() else b"" for path in [*inputs, *code]]
    stored = entry(root, "exports", str(timestamp), *parts)
    try:
        return pickle.loads(stored.read_bytes())  # our own store: as trusted as the deck cache (deck_io)
    except Exception:  # absent or damaged: make them again
        pass
    files = render_exports(decks, verification, timestamp=timestamp)
    write_atomic(stored, pickle.dumps(files, protocol=pickle.HIGHEST_PROTOCOL))
    for old in stored.parent.iterdir():
        if old != stored:
            old.unlink(missing_ok=True)
    return files


def render_docs(config_file: Path) -> Rendered:
    """Write every generated page and asset into the config's docs folder (only what changed).

    ``extra: verikb: runtime: false`` in the config leaves out Pyodide, uPlot and the playground wheel.
    """
    root = config_file.parent
    config = read_config(config_file)
    settings = read_settings(config)
    decks = read_decks(root / "quizzes", cache=root / DECK_CACHE_DIR)
    verification = read_verification(root / "verification.json")
    code = {
        snippet["path"]: (root / snippet["path"]).read_text(encoding="utf-8")
        for snippet in verification.snippets
        if (root / snippet["path"]).is_file()
    }
    files: dict[str, str | bytes] = dict(render_site(decks, verification, settings, snippet_code=code))
    files[BUNDLE_JS] = minified_js(str(files[BUNDLE_JS]), root=root)
    files.update(_exports(root, decks, verification))
    if settings.runtime:
        files.update({f"{ASSET_DIR}/{name}": data for name, data in vendor_files(root / "node_modules").items()})
        wheel = playground_wheel(root / "playground", root)
        files[f"{ASSET_DIR}/wheels/{wheel.name}"] = wheel.read_bytes()
    docs = docs_dir_of(config_file)
    summary = write_generated(docs, files, folders=GENERATED_FOLDERS, single=GENERATED_FILES)
    owned = frozenset(docs / name for name in (*GENERATED_FOLDERS, *GENERATED_FILES))
    return Rendered(summary=summary, deck_pages=[deck_path(deck.id) for deck in decks], owned=owned)
