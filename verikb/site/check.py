"""The checks a builder does not make: every deck has a built page, every navigation entry resolves.

Zensical reports neither a nav entry to a missing page nor a page it skipped (FACTS.md), so a build
that "passed" could still ship without a topic; this makes such a build fail.
"""

from __future__ import annotations

from pathlib import Path

from verikb.errors import VerikbError
from verikb.render.settings import read_config

__all__ = ["SiteCheckError", "check_site", "nav_pages"]


class SiteCheckError(VerikbError):
    """A built site misses a page the project has, or its navigation points nowhere."""


def nav_pages(nav: object) -> list[str]:
    """The Markdown paths a config's ``nav`` names (external links left out)."""
    if isinstance(nav, str):
        return [] if "://" in nav else [nav]
    if isinstance(nav, list):
        return [page for entry in nav for page in nav_pages(entry)]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in nav_pages(value)]
    return []


def _built(site_dir: Path, page: str, *, directory_urls: bool) -> Path:
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return site_dir / f"{stem}.html"
    return site_dir / (f"{stem}/index.html" if directory_urls else f"{stem}.html")


def check_site(config_file: Path, site_dir: Path, *, deck_pages: list[str]) -> None:
    """Raise naming the first missing piece: a nav entry without its Markdown file, or a page not built."""
    config = read_config(config_file)
    docs_dir = config_file.parent / str(config.get("docs_dir") or "docs")
    directory_urls = bool(config.get("use_directory_urls", True))
    for page in nav_pages(config.get("nav")):
        if not (docs_dir / page).is_file():
            raise SiteCheckError(f"nav entry {page!r} points to no file in {docs_dir}", path=config_file)
    for page in ["index.md", *nav_pages(config.get("nav")), *deck_pages]:
        built = _built(site_dir, page, directory_urls=directory_urls)
        if not built.is_file():
            raise SiteCheckError(f"the builder made no page for {page} (expected {built.name} in {built.parent})")
