"""The whole generated part of the docs tree as a map of relative path -> text: pages, bundles, data.

Pure: no file is read but the package's own assets, nothing is written; ``verikb.site`` writes
the map into ``docs/`` and runs a builder. Both builders (mkdocs and Zensical) read the same files.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from verikb.model import Deck, Framework
from verikb.render.deck_page import DeckPage, render_deck_page
from verikb.render.notebooks import topic_notebook
from verikb.render.paths import deck_path, page_link
from verikb.render.playground_spec import playground_spec
from verikb.render.review_page import REVIEW_PAGE, learning_files, render_review_page
from verikb.render.settings import SiteSettings
from verikb.render.site_pages import learning_path, render_home, render_report, render_topics
from verikb.render.verdicts import VerdictIndex
from verikb.verify.schema import Verification

__all__ = ["ASSET_DIR", "BUNDLE_CSS", "BUNDLE_JS", "GENERATED_FILES", "GENERATED_FOLDERS", "render_site"]

ASSETS = Path(__file__).resolve().parent.parent / "assets"
ASSET_DIR = "assets/verikb"
"""Where the site's scripts, styles, vendored runtime and wheel live, relative to docs/."""
BUNDLE_JS = f"{ASSET_DIR}/verikb.js"
BUNDLE_CSS = f"{ASSET_DIR}/verikb.css"
PLAYGROUND_SPEC = f"{ASSET_DIR}/playground-spec.json"
"""The playground's form, generated from lrschedules' signatures (``data-spec`` on the playground)."""
GENERATED_FOLDERS = ("topics", "notebooks", "downloads", ASSET_DIR)
"""Folders of docs/ that render owns whole: anything in them it did not write is removed."""
GENERATED_FILES = ("index.md", "report.md", REVIEW_PAGE)
"""Single files of docs/ that render owns."""

# Every page loads one script and one stylesheet: these files joined in this order (core first:
# shared helpers). One request each instead of 13 made deck pages 16 KiB lighter gzipped
# (bench row "page weight, gzip <= 1.2x the theme's page"). The runner and playground are not
# bundled: the core loads them (JS and CSS) only on pages that have a runnable block or a playground.
SCRIPTS = (
    "verikb-core.js",
    "verikb-progress.js",
    "verikb-offline.js",
    "verikb-flashcards.js",
    "verikb-quiz.js",
    "verikb-prompts.js",
    "verikb-practice.js",
)
LAZY = (
    "verikb-curves",
    "verikb-runner",
    "verikb-runner-worker",
    "verikb-playground",
    "verikb-report",
    "verikb-fsrs",
    "verikb-review",
    "verikb-dashboard",
)
"""Loaded by the core only on pages that need them (bench row "page weight, gzip <= 1.2x")."""


def _bundle(names: list[str] | tuple[str, ...]) -> str:
    """The named assets joined into one file, each under a comment naming its source."""
    return "\n".join(f"/* {name} */\n{(ASSETS / name).read_text(encoding='utf-8')}" for name in names)


def notebook_path(deck_id: str) -> str:
    """A topic's evidence notebook: a page in the mkdocs build (mkdocs-jupyter), the file itself elsewhere."""
    return "notebooks/" + deck_path(deck_id).removeprefix("topics/").removesuffix(".md") + ".ipynb"


def _notebook(deck: Deck, verification: Verification, code: dict[str, str]) -> str | None:
    """The deck's snippets with their recorded outputs, or None when no snippet checks the deck."""
    paths = list(dict.fromkeys(r.snippet for r in verification.results if r.deck == deck.id and r.snippet))
    outputs = {s["path"]: s.get("output", "") for s in verification.snippets}
    snippets = [(path, code[path], outputs.get(path, "")) for path in paths if path in code]
    if not snippets:
        return None
    framework = Framework.parse(deck.display_framework)
    return topic_notebook(
        deck_id=deck.id, title=deck.display_title, framework=framework.module if framework else "", snippets=snippets
    )


def render_site(
    decks: list[Deck], verification: Verification, settings: SiteSettings, *, snippet_code: dict[str, str] | None = None
) -> dict[str, str]:
    """Every generated file of the docs tree, by path relative to ``docs/``; ``snippet_code`` (path -> text)
    gives each topic an evidence notebook."""
    index = VerdictIndex(verification.results, snippet_url=settings.snippet_url)
    path = learning_path(decks)
    following = {d.id: path[k + 1] if k + 1 < len(path) else None for k, d in enumerate(path)}
    files, pages = {}, {}
    for deck in decks:
        after = following[deck.id]
        page = DeckPage(
            index=index,
            keys=verification.keys_of(deck),
            curves=verification.curves_of(deck.id),
            experiments=verification.experiments_of(deck.id),
            contradicted=verification.contradicted_in(deck.id),
            next_topic=(after.display_title, page_link(deck_path(after.id), deck_path(deck.id))) if after else None,
        )
        notebook = _notebook(deck, verification, snippet_code or {})
        if notebook is not None:
            files[notebook_path(deck.id)] = notebook
        notebook_link = page_link(notebook_path(deck.id), deck_path(deck.id)) if notebook else None
        pages[deck.id] = replace(page, notebook=notebook_link)
        files[deck_path(deck.id)] = render_deck_page(deck, pages[deck.id])
    files["index.md"] = render_home(decks, verification, settings)
    files["topics/index.md"] = render_topics(decks, verification)
    files["report.md"] = render_report(decks, verification, settings)
    files[REVIEW_PAGE] = render_review_page()
    files.update(learning_files(path, pages, asset_dir=ASSET_DIR))
    files[BUNDLE_JS] = _bundle(SCRIPTS)
    files[BUNDLE_CSS] = _bundle(sorted(p.name for p in ASSETS.glob("*.css") if p.stem not in LAZY))
    for asset in sorted(p for p in ASSETS.iterdir() if p.stem in LAZY):
        files[f"{ASSET_DIR}/{asset.name}"] = asset.read_text(encoding="utf-8")
    files[PLAYGROUND_SPEC] = json.dumps(playground_spec(), ensure_ascii=False, separators=(",", ":"))
    return files
