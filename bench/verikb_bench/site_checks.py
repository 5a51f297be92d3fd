"""Is a built site complete: every page in search/search_index.json and in sitemap.xml.

The warm section checks this on the no-change rebuild, where cached decks could drop pages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from .project import Project
from .report import Bench, Row


def missing_from_index(site: Path, pages: list[str]) -> tuple[list[str], int]:
    """Pages without an entry in search/search_index.json, and how many entries it has."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    located = {doc["location"].split("#")[0] for doc in index["docs"]}
    return [p for p in pages if p not in located], len(index["docs"])


def missing_from_sitemap(site: Path, pages: list[str], site_url: str) -> tuple[list[str], int]:
    """Pages sitemap.xml does not list, and how many URLs it lists (compared as paths under ``site_url``)."""
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    prefix = urlsplit(site_url).path or "/"
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    listed = {urlsplit(loc.strip()).path.removeprefix(prefix).lstrip("/") for loc in locs}
    return [p for p in pages if p not in listed], len(listed)


def site_url_of(config: Path) -> str:
    """The ``site_url`` a config sets, its ``!ENV`` tags resolved as mkdocs resolves them ("" for none)."""
    from mkdocs.utils.yaml import yaml_load

    return str(yaml_load(config.read_text(encoding="utf-8")).get("site_url") or "")


def page_urls(proj: Project) -> list[str]:
    """Directory URLs of every page the site must have: the hand-written docs, home, report, topics, every deck."""
    from verikb.render.site_files import GENERATED_FOLDERS

    docs = proj.root / "docs"
    owned = [docs / folder for folder in GENERATED_FOLDERS]
    written = [p for p in docs.rglob("*.md") if not any(p.is_relative_to(folder) for folder in owned)]
    names = {p.relative_to(docs).with_suffix("").as_posix() for p in written}
    names |= {"index", "report", "topics/index", *(f"topics/{d}" for d in proj.decks)}
    return sorted(name.removesuffix("index") if name.endswith("index") else f"{name}/" for name in names)


def check_rebuild_output(bench: Bench, proj: Project, site: Path, label: str) -> None:
    """The no-change rebuild's search index and sitemap must name every page, every deck included."""
    pages = page_urls(proj)
    missing, entries = missing_from_index(site, pages)
    status = "PASS" if not missing else f"MISS {missing[:3]}"
    bench.add(
        Row(
            "warm",
            f"pages in search_index.json ({label})",
            str(proj.n),
            f"{len(pages) - len(missing)} of {len(pages)} ({entries} entries)",
            "—",
            "—",
            "every page",
            status,
        )
    )
    site_url = site_url_of(proj.config("verikb"))
    missing, listed = missing_from_sitemap(site, pages, site_url)
    plain_missing, _ = missing_from_sitemap(proj.site("plain"), pages, site_url)
    bench.add(
        Row(
            "warm",
            f"pages in sitemap.xml ({label})",
            str(proj.n),
            f"{len(pages) - len(missing)} of {len(pages)} ({listed} URLs)",
            f"plain build: {len(pages) - len(plain_missing)}",
            "—",
            "every page",
            "PASS" if not missing else "MISS",
        )
    )
