"""Section "build": verikb's mkdocs build against plain mkdocs-material builds of the same Markdown.

Compares runtime off and on, shows the auto-navigation cost the plugin avoids, and checks the
per-deck time stays flat as N grows.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable
from pathlib import Path

from .build_profile import profile_build
from .environment import ROOT
from .project import VARIANTS, build, project
from .report import Bench, info_row, ratio_row
from .stats import Stats
from .timing import interleaved


def section_build(bench: Bench) -> None:
    """verikb's mkdocs build vs plain mkdocs-material builds of the same Markdown."""
    sizes = (10, 100) if bench.quick else (10, 100, 1000)
    per_deck: dict[int, Stats] = {}
    stats_by_n: dict[int, dict[str, Stats]] = {}
    for n in sizes:
        proj = project(bench, n)
        repeats = bench.repeats
        actions: dict[str, Callable[[], object]] = {
            v: functools.partial(build, proj, v) for v in VARIANTS if v != "auto-nav"
        }
        stats = interleaved(actions, repeats)
        # Auto navigation renders every page into every page: O(N²), so it runs once at large N.
        auto_repeats = repeats if n < 1000 else 1
        if auto_repeats < bench.repeats:
            bench.note(f"build: the auto-navigation baseline at N={n} ran {auto_repeats}× (O(N²), over a minute a run)")
        stats["auto-nav"] = interleaved({"auto-nav": functools.partial(build, proj, "auto-nav")}, auto_repeats)[
            "auto-nav"
        ]
        stats_by_n[n] = stats
        for runtime in ("off", "on"):
            ratio_row(
                bench,
                "build",
                f"verikb (runtime {runtime}) / plain material",
                n=n,
                subject=stats[f"verikb-{runtime}"],
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
            paired=False,  # measured after the other variants' rounds
        )
        per_deck[n] = stats["verikb-off"].scaled(1 / n)
    small, large = sizes[-2], sizes[-1]
    ratio_row(
        bench,
        "build",
        "verikb time per deck, N large / N small",
        n=f"{large} vs {small}",
        subject=per_deck[large],
        baseline=per_deck[small],
        goal=1.3,
        paired=False,
    )
    lines = [f"N={n}: " + ", ".join(f"{v} {s.median:.2f} s" for v, s in stats_by_n[n].items()) for n in sizes]
    bench.say("  growth (median): " + "; ".join(lines))
    for variant in ("plain", "verikb-off", "auto-nav"):
        marginal = (stats_by_n[large][variant].median - stats_by_n[small][variant].median) / (large - small)
        bench.say(f"  marginal cost per deck {small}->{large}, {variant}: {marginal * 1000:.1f} ms")
    off, plain = stats_by_n[large]["verikb-off"].median, stats_by_n[large]["plain"].median
    if off / plain > 1.15:
        profile_build(bench, project(bench, sizes[1]))
    if any(s["verikb-on"].median / s["plain"].median > 1.15 for s in stats_by_n.values()):
        profile_runtime(bench, stats_by_n)


def profile_runtime(bench: Bench, stats_by_n: dict[int, dict[str, Stats]]) -> None:
    """What ``runtime: true`` adds: on - off per N, and the parts of on_post_build measured in-process."""
    from verikb.mkdocs_plugin import VerikbPlugin
    from verikb.vendor import build_playground_wheel, copy_vendor_files

    copies: list[Path] = []

    def copy() -> None:
        target = Path(tempfile.mkdtemp(dir=bench.tmp, prefix="vendor-"))
        copies.extend(copy_vendor_files(target, node_modules=ROOT / "node_modules"))

    def wheel() -> None:
        build_playground_wheel(Path(tempfile.mkdtemp(dir=bench.tmp, prefix="wheel-")))

    stats = interleaved({"copy": copy, "wheel": wheel}, bench.repeats)
    size = sum(p.stat().st_size for p in copies[: len(copies) // bench.repeats])
    cached = hasattr(VerikbPlugin, "_cached_wheel")
    deltas = [
        f"N={n}: runtime on - off = {s['verikb-on'].min - s['verikb-off'].min:+.2f} s (min), "
        f"{s['verikb-on'].median - s['verikb-off'].median:+.2f} s (median)"
        for n, s in stats_by_n.items()
    ]
    bench.evidence.append(
        "build (runtime on): what on_post_build adds to a build\n"
        + "\n".join(deltas)
        + f"\nverikb.vendor.copy_vendor_files ({len(copies) // bench.repeats} files, {size / 2**20:.1f} MiB): "
        f"{stats['copy'].show()} (min / median)\n"
        f"verikb.vendor.build_playground_wheel (a `pip wheel` subprocess): {stats['wheel'].show()} (min / median), "
        + ("paid once per project: the plugin caches the wheel by its sources' hash" if cached else "paid every build")
    )
