"""Evidence for a slow verikb build: its stages timed apart, and a cProfile of ``verikb site``.

Used by the build section and by the warm section's no-change rebuild.
"""

from __future__ import annotations

import functools

from .environment import PYTHON, run
from .profiling import profile_command
from .project import Project, mkdocs_build, verikb_site
from .report import Bench
from .timing import interleaved


def profile_build(bench: Bench, proj: Project) -> None:
    """Split ``verikb site --force`` into render, the mkdocs build of the rendered docs (with verikb's
    assets) and the rest (page check, CSP, swap), against the plain build; then a cProfile of it."""
    stats = interleaved(
        {
            "plain": functools.partial(mkdocs_build, proj, "plain"),
            "site": functools.partial(verikb_site, proj),
            "render": functools.partial(run, [PYTHON, "-m", "verikb", "render"], cwd=proj.root),
            "mkdocs": functools.partial(mkdocs_build, proj, "mkdocs-raw", config="verikb"),
        },
        bench.repeats,
    )
    rest = stats["site"].median - stats["render"].median - stats["mkdocs"].median
    lines = [f"{name}: {stats[name].show()} (min / median)" for name in ("plain", "site", "render", "mkdocs")]
    bench.evidence.append(
        f"build: `verikb site --force` with N={proj.n} decks, by stage (each a separate process here)\n"
        + "\n".join(lines)
        + "\n(render = `verikb render` with nothing to write; mkdocs = `mkdocs build` of mkdocs.yml, which copies"
        f" the runtime files; the rest, page check + CSP + swap, ≈ {rest:+.2f} s by medians)"
    )
    boring = ("click/", "runpy", "builtins.exec", "mkdocs/__main__", "<module>")
    profile_command(
        bench,
        ["-m", "verikb", "site", "--force", "-d", str(bench.tmp / "profiled-site")],
        cwd=proj.root,
        out=bench.tmp / f"build-{proj.n}.prof",
        title=f"build: cProfile of `verikb site --force` with N={proj.n} decks (cumtime)",
        limit=22,
        keep=lambda line: not any(b in line for b in boring),
    )
