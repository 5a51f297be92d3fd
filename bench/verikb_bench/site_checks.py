"""Is a built site complete: every page in search/search_index.json and in sitemap.xml.

The warm section checks this on the no-change rebuild, where cached decks could drop pages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .environment import PYTHON, run
from .project import Project, write_yaml
from .report import Bench, Row

SITE_URL = "https://verikb.example/"


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
    """The ``site_url`` a (plain YAML) config sets, or "" when it sets none."""
    return str(yaml.safe_load(config.read_text(encoding="utf-8")).get("site_url") or "")


def with_site_url(proj: Project, variant: str) -> Path:
    """A copy of the variant's config with ``site_url`` set (mkdocs leaves sitemap.xml empty without one)."""
    cfg = yaml.safe_load(proj.config(variant).read_text(encoding="utf-8"))
    config = proj.root / f"{variant}-site-url.yml"
    write_yaml(config, {**cfg, "site_url": SITE_URL})
    return config


def page_urls(proj: Project) -> list[str]:
    """Directory URLs of every page the site must have: docs/, generated home/report, every deck."""
    names = [p.relative_to(proj.root / "docs").with_suffix("").as_posix() for p in (proj.root / "docs").rglob("*.md")]
    names += ["report", *(f"topics/{d}" for d in proj.decks)]
    return ["", *sorted(f"{name}/" for name in names if name != "index")]


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
    site_url = site_url_of(proj.config("verikb-off"))
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
    if missing and not site_url:
        sitemap_without_site_url(bench, proj, pages, listed)


def sitemap_without_site_url(bench: Bench, proj: Project, pages: list[str], listed: int) -> None:
    """Show that an empty sitemap is mkdocs' doing without ``site_url``: rebuild once with one set."""
    config = with_site_url(proj, "verikb-off")
    out = proj.root / "site-url-check"
    run([PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(out)], cwd=proj.root)
    fixed_missing, fixed_listed = missing_from_sitemap(out, pages, SITE_URL)
    bench.note(
        f"warm: sitemap.xml lists {listed} of {len(pages)} pages because mkdocs.yml has no `site_url` "
        "(mkdocs writes <loc> only from a page's canonical/absolute URL, which needs site_url). "
        f"With `site_url: {SITE_URL}` added, the same verikb build lists {len(pages) - len(fixed_missing)} "
        f"of {len(pages)} ({fixed_listed} URLs). Fix: set `site_url:` in mkdocs.yml to the published URL."
    )
