"""Section "build": ``verikb site`` against a plain mkdocs-material build of the same generated pages,
and Zensical against mkdocs on the same generated files.

``verikb site --force`` is what a user runs to build (render into docs/, build, check every page,
add the CSP, swap the folder in); the plain build is material alone on the same Markdown without
verikb's scripts, styles and runtime files. Also shown: the auto-navigation cost the static nav
avoids, and whether the per-deck time stays flat as N grows.
"""

from __future__ import annotations

import functools
import os

from .build_profile import profile_build
from .project import Project, mkdocs_build, project, verikb_site, zensical_build
from .report import Bench, info_row, ratio_row, ratios
from .stats import Stats
from .timing import interleaved


def section_build(bench: Bench) -> None:
    """verikb's build vs plain material of the same Markdown; Zensical vs mkdocs on the same files."""
    sizes = (10, 100) if bench.quick else (10, 100, 1000)
    per_deck: dict[int, Stats] = {}
    stats_by_n: dict[int, dict[str, Stats]] = {}
    for n in sizes:
        proj = project(bench, n)
        zensical_build(proj, clean=False)  # so the "with its cache" runs find one, whatever the order
        # Synced before each run: no build pays for writing back the files an earlier one wrote (verikb's copies
        # 14 MB of runtime files into its site, so the run after it would pay for those).
        stats = interleaved(builds(proj), bench.repeats, settle=os.sync)
        # Auto navigation renders every page into every page: O(N²), so it runs once at large N.
        auto_repeats = bench.repeats if n < 1000 else 1
        if auto_repeats < bench.repeats:
            bench.note(f"build: the auto-navigation baseline at N={n} ran {auto_repeats}× (O(N²), over a minute a run)")
        auto = functools.partial(mkdocs_build, proj, "auto-nav")
        stats["auto-nav"] = interleaved({"auto-nav": auto}, auto_repeats)["auto-nav"]
        stats_by_n[n] = stats
        build_rows(bench, n, stats)
        per_deck[n] = stats["verikb"].scaled(1 / n)
    small, large = sizes[-2], sizes[-1]
    ratio_row(
        bench,
        "build",
        "`verikb site` time per deck, N large / N small",
        n=f"{large} vs {small}",
        subject=per_deck[large],
        baseline=per_deck[small],
        goal=1.3,
        paired=False,
    )
    lines = [f"N={n}: " + ", ".join(f"{v} {s.median:.2f} s" for v, s in stats_by_n[n].items()) for n in sizes]
    bench.say("  growth (median): " + "; ".join(lines))
    for variant in ("plain", "verikb", "zensical", "auto-nav"):
        marginal = (stats_by_n[large][variant].median - stats_by_n[small][variant].median) / (large - small)
        bench.say(f"  marginal cost per deck {small}->{large}, {variant}: {marginal * 1000:.1f} ms")
    slow = [n for n, s in stats_by_n.items() if ratios(s["verikb"], s["plain"], paired=True)[1] > 1.15]
    if slow:
        profile_build(bench, project(bench, slow[-1]))


def builds(proj: Project) -> dict[str, functools.partial[None]]:
    """The builds timed in the same rounds: verikb's, the plain baseline, and both builders raw."""
    return {
        "plain": functools.partial(mkdocs_build, proj, "plain"),
        "verikb": functools.partial(verikb_site, proj),
        # The same generated docs and the same (whole) config, built by each builder alone.
        "mkdocs": functools.partial(mkdocs_build, proj, "mkdocs-raw", config="zensical"),
        "zensical": functools.partial(zensical_build, proj, clean=True),
        "zensical-cached": functools.partial(zensical_build, proj, clean=False),
    }


def build_rows(bench: Bench, n: int, stats: dict[str, Stats]) -> None:
    """The rows of one N: the goal row, the auto-navigation cost, Zensical against mkdocs."""
    ratio_row(
        bench,
        "build",
        "`verikb site --force` (render, mkdocs build, page check, CSP, swap) / plain material of the same pages",
        n=n,
        subject=stats["verikb"],
        baseline=stats["plain"],
        goal=1.15,
        paired=True,
    )
    info_row(
        bench,
        "build",
        "auto-nav material / plain material",
        n=n,
        subject=stats["auto-nav"],
        baseline=stats["plain"],
        goal="info (cost avoided)",
        paired=False,  # measured after the other builds' rounds
    )
    for name, label in (("zensical", "`zensical build --clean` (no cache)"), ("zensical-cached", "`zensical build`")):
        info_row(
            bench,
            "build",
            f"{label} / `mkdocs build` of the same generated files and config",
            n=n,
            subject=stats[name],
            baseline=stats["mkdocs"],
            paired=True,
            goal="info (no change since its last build)" if name == "zensical-cached" else "info",
        )
