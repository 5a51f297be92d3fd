"""mkdocs plugin: a thin adapter that adds the pages ``verikb.render`` writes, and the assets.

All page content comes from pure functions in ``verikb.render``; this module only reads the
previous stages' outputs (quizzes/, verification.json) and hands files to mkdocs.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from verikb.deck_io import DECK_CACHE_DIR, read_decks
from verikb.errors import VerikbError
from verikb.model import Deck
from verikb.render.deck_page import render_deck_page
from verikb.render.site_pages import deck_path, render_home, render_report
from verikb.render.verdicts import VerdictIndex
from verikb.vendor import PLAYGROUND_DIR, build_playground_wheel, copy_vendor_files
from verikb.verify.results import Verification, read_verification

__all__ = ["VerikbPlugin"]

ASSETS = Path(__file__).parent / "assets"
ASSET_URI = "assets/verikb"
# Every page loads one script and one stylesheet: these files joined in this order (core first:
# shared helpers). One request each instead of 13 made deck pages 16 KiB lighter gzipped.
# The runner and playground are not bundled: the core loads them (JS and CSS) only on pages
# that have a runnable block or a playground.
SCRIPTS = (
    "verikb-core.js",
    "verikb-flashcards.js",
    "verikb-quiz.js",
    "verikb-prompts.js",
    "verikb-practice.js",
    "verikb-curves.js",
)
LAZY = ("verikb-runner", "verikb-runner-worker", "verikb-playground")
BUNDLE_JS = "verikb.js"
BUNDLE_CSS = "verikb.css"


def bundle(names: list[str] | tuple[str, ...]) -> str:
    """The named assets joined into one file, each under a comment naming its source."""
    return "\n".join(f"/* {name} */\n{(ASSETS / name).read_text(encoding='utf-8')}" for name in names)


def _eager_styles() -> list[str]:
    return sorted(p.name for p in ASSETS.glob("*.css") if p.stem not in LAZY)


class VerikbConfig(base.Config):
    quizzes = c.Type(str, default="quizzes")
    verification = c.Type(str, default="verification.json")
    node_modules = c.Type(str, default="node_modules")
    snippet_url = c.Type(str, default="")
    """Prefix that turns a snippet path into a link, e.g. a repository's blob URL."""
    nav_topics_max = c.Type(int, default=40)
    """Topics are listed in the navigation up to this many; beyond, only on the home page, so each
    page's navigation (rendered into every page) stays small and builds stay linear."""
    runtime = c.Type(bool, default=True)
    """Copy Pyodide, uPlot and the playground wheel into the site (off for quick previews)."""


class VerikbPlugin(BasePlugin[VerikbConfig]):
    """Generates the topic, home and report pages and ships the widget assets."""

    def __init__(self) -> None:
        self.decks: list[Deck] = []
        self.verification = Verification(results=[], curves=[], versions={})

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Check inputs exist and register the widget CSS/JS."""
        root = Path(config.config_file_path).parent
        self.root = root
        quizzes = root / self.config.quizzes
        if not quizzes.is_dir():
            raise PluginError(
                f"verikb: {quizzes} does not exist: run `python -m verikb import sources/ --out quizzes/`"
            )
        if f"{ASSET_URI}/{BUNDLE_CSS}" not in config.extra_css:
            config.extra_css.append(f"{ASSET_URI}/{BUNDLE_CSS}")
        if f"{ASSET_URI}/{BUNDLE_JS}" not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(f"{ASSET_URI}/{BUNDLE_JS}")
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Read decks and verdicts afresh (``mkdocs serve`` rebuilds) and add generated pages."""
        try:
            self.decks = read_decks(self.root / self.config.quizzes, cache=self.root / DECK_CACHE_DIR)
            self.verification = read_verification(self.root / self.config.verification)
        except VerikbError as exc:
            raise PluginError(f"verikb: {exc}") from None
        index = VerdictIndex(self.verification.results, snippet_url=self.config.snippet_url)
        for deck in self.decks:
            curves = [cv for cv in self.verification.curves if cv["item"].split("/")[0] == deck.id]
            files.append(
                File.generated(config, deck_path(deck.id), content=render_deck_page(deck, index, curves=curves))
            )
        files.append(File.generated(config, "index.md", content=render_home(self.decks, self.verification)))
        report = render_report(self.decks, self.verification, snippet_url=self.config.snippet_url)
        files.append(File.generated(config, "report.md", content=report))
        files.append(File.generated(config, f"{ASSET_URI}/{BUNDLE_JS}", content=bundle(SCRIPTS)))
        files.append(File.generated(config, f"{ASSET_URI}/{BUNDLE_CSS}", content=bundle(_eager_styles())))
        for asset in sorted(p for p in ASSETS.iterdir() if p.stem in LAZY):
            files.append(File.generated(config, f"{ASSET_URI}/{asset.name}", abs_src_path=str(asset)))
        self._extend_nav(config)
        return files

    def _extend_nav(self, config: MkDocsConfig) -> None:
        if not isinstance(config.nav, list) or len(self.decks) > self.config.nav_topics_max:
            return
        topics = [{deck.display_title: deck_path(deck.id)} for deck in self.decks]
        config.nav = [entry for entry in config.nav if not (isinstance(entry, dict) and "Topics" in entry)]
        config.nav.insert(1, {"Topics": topics})

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Ship the in-browser Python runtime and the playground wheel with the site."""
        if not self.config.runtime:
            return
        site = Path(config.site_dir)
        try:
            copy_vendor_files(site, node_modules=self.root / self.config.node_modules)
            wheel = self._cached_wheel()
        except VerikbError as exc:
            raise PluginError(f"verikb: {exc}") from None
        (site / ASSET_URI / "wheels").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(wheel, site / ASSET_URI / "wheels" / wheel.name)

    def _cached_wheel(self) -> Path:
        """The playground wheel, rebuilt only when its sources change (a build costs ~1.2 s)."""
        sources = sorted(p for p in PLAYGROUND_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        digest = hashlib.sha256()
        for path in sources:
            digest.update(str(path.relative_to(PLAYGROUND_DIR)).encode() + b"\0" + path.read_bytes())
        folder = self.root / ".verikb-cache" / "wheels" / digest.hexdigest()[:16]
        found = sorted(folder.glob("*.whl"))
        return found[0] if found else build_playground_wheel(folder)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when decks or verdicts change."""
        server.watch(str(self.root / self.config.quizzes))
        server.watch(str(self.root / self.config.verification))
        return server
