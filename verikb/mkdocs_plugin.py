"""mkdocs plugin for ``mkdocs serve`` only: watch decks and verdicts, and render again when they change.

Everything the site needs is written by ``verikb render`` (or ``verikb build``) as plain files before
a builder runs, so ``mkdocs build`` and ``zensical build`` (which runs no plugin) build the same site;
this adapter only makes live preview follow edits to quizzes/ and verification.json.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from verikb.errors import VerikbError

__all__ = ["VerikbPlugin"]


class VerikbPlugin(BasePlugin):
    """Re-renders the generated docs files before each rebuild of ``mkdocs serve``."""

    def __init__(self) -> None:
        self.serving = False

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.serving:
            return
        from verikb.site.render_docs import render_docs

        try:
            render_docs(Path(config.config_file_path))
        except VerikbError as exc:
            raise PluginError(f"verikb: {exc}") from None

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        root = Path(config.config_file_path).parent
        server.watch(str(root / "quizzes"))
        server.watch(str(root / "verification.json"))
        return server
