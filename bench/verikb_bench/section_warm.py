"""Section "warm": a rebuild with nothing changed runs no snippet, builds a complete site, costs about a plain build.

Then one snippet is edited, another touched, and a deck changed: exactly the affected snippets must run.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

from .environment import PYTHON, run
from .profiling import profile_command
from .project import Project, clone, mkdocs_build
from .report import Bench, Row, info_row, ratio_row, ratios
from .site_checks import check_rebuild_output
from .stats import Stats
from .synthetic_snippets import TRIVIAL_SNIPPET
from .timing import interleaved, timed

EXECUTED_RE = re.compile(r"(\d+) snippets: (\d+) executed, (\d+) from cache")


def verify_cli(root: Path) -> tuple[int, int]:
    """``python -m verikb verify`` in ``root``; (snippets, executed) from its summary line."""
    done = run([PYTHON, "-m", "verikb", "verify"], cwd=root, check=False)
    text = " ".join((done.stderr + done.stdout).split())
    m = EXECUTED_RE.search(text)
    if done.returncode != 0 or m is None:
        raise RuntimeError(f"verify exited {done.returncode}: {text[-1500:]}")
    return int(m.group(1)), int(m.group(2))


def executed_paths(root: Path) -> list[str]:
    """Snippets verification.json records as executed (not taken from the cache)."""
    data = json.loads((root / "verification.json").read_text(encoding="utf-8"))
    return sorted(s["path"] for s in data["snippets"] if not s["cached"])


def section_warm(bench: Bench) -> None:
    """Rebuild with nothing changed: no snippet runs, a complete site, time close to a plain build."""
    n = 10 if bench.quick else 100
    proj = clone(bench, n, "warm")
    for deck in proj.decks[:3]:
        for j in range(2):
            text = TRIVIAL_SNIPPET.format(deck=deck, a=j, b=j + 1)
            (proj.root / "snippets" / "torch").mkdir(parents=True, exist_ok=True)
            (proj.root / "snippets" / "torch" / f"warm_{deck}_{j}.py").write_text(text, encoding="utf-8")
    reimport = [PYTHON, "-m", "verikb", "import", "sources", "--out", "quizzes"]
    run(reimport, cwd=proj.root)  # this copy's first import records what it wrote
    total, executed = verify_cli(proj.root)
    bench.say(f"  cold verify: {executed} of {total} snippets executed")
    # `verikb build` has a site folder of its own: the mkdocs rebuilds timed beside it rewrite
    # theirs, and a site changed by anything else is (rightly) built again.
    one_process = [PYTHON, "-m", "verikb", "build", "-d", str(proj.site("verikb"))]
    first = run(one_process, cwd=proj.root)
    bench.say(f"  first `verikb build`: {first.stdout.strip().splitlines()[-1:]}")
    site_again = [PYTHON, "-m", "verikb", "site", "-d", str(proj.site("verikb"))]
    steps: dict[str, list[float]] = {"import": [], "verify": [], "site": []}
    executed_warm: list[int] = []
    skipped: list[bool] = []

    def three_commands() -> None:
        """The same three steps as three commands: import, verify, then `verikb site` (which may skip too)."""
        steps["import"].append(timed(lambda: run(reimport, cwd=proj.root)))
        start = time.perf_counter()
        executed_warm.append(verify_cli(proj.root)[1])
        steps["verify"].append(time.perf_counter() - start)
        steps["site"].append(timed(lambda: run(site_again, cwd=proj.root)))

    stats = interleaved(
        {
            "plain": lambda: mkdocs_build(proj, "plain"),
            "three": three_commands,
            "build": lambda: skipped.append("is up to date" in run(one_process, cwd=proj.root).stdout),
            # mkdocs called directly (and `mkdocs serve`) has no skip: it builds every page again.
            "mkdocs": lambda: mkdocs_build(proj, "mkdocs-direct", config="verikb"),
        },
        bench.repeats,
    )
    stats |= {k: Stats(tuple(v)) for k, v in steps.items()}
    both = Stats(tuple(a + b for a, b in zip(steps["verify"], stats["mkdocs"].runs, strict=True)))
    bench.add(
        Row(
            "warm",
            "snippets executed by a no-change verify",
            str(n),
            str(executed_warm),
            f"{total} snippets",
            "—",
            "0",
            "PASS" if all(e == 0 for e in executed_warm) else "MISS",
        )
    )
    bench.add(
        Row(
            "warm",
            "no-change `verikb build` runs that skipped the builder (inputs and site as the last build left them)",
            str(n),
            f"{sum(skipped)} of {len(skipped)}",
            "—",
            "—",
            "info",
            "info",
        )
    )
    check_rebuild_output(bench, proj, proj.site("mkdocs-direct"), "`mkdocs build` again")
    check_rebuild_output(bench, proj, proj.site("verikb"), "`verikb build`")
    ratio_row(
        bench,
        "warm",
        "no-change `verikb build` (import, verify, render, then the builder unless nothing changed;"
        " what scripts/build runs) / plain",
        n=n,
        subject=stats["build"],
        baseline=stats["plain"],
        goal=1.1,
        paired=True,
    )
    # These rebuild every page: the cold-build overhead again, whose goal (at most 1.15x) the build section holds.
    for figure, subject in (
        ("no-change `mkdocs build` called directly (no skip: builds every page) / plain", stats["mkdocs"]),
        ("no-change `verikb verify` + `mkdocs build` called directly / plain", both),
    ):
        info_row(
            bench,
            "warm",
            figure,
            n=n,
            subject=subject,
            baseline=stats["plain"],
            goal="info (a full build: see build)",
            paired=True,
        )
    info_row(
        bench,
        "warm",
        "no-change `verikb import`, `verikb verify`, `verikb site` as three commands / plain",
        n=n,
        subject=stats["three"],
        baseline=stats["plain"],
        paired=True,
    )
    if ratios(stats["build"], stats["plain"], paired=True)[1] > 1.1:
        profile_noop_build(bench, proj)
    warm_change_one(bench, proj, stats["verify"])


def profile_noop_build(bench: Bench, proj: Project) -> None:
    """cProfile of a `verikb build` that has nothing to do: what a no-change rebuild pays."""
    wanted = ("verikb/", "yaml/__init__", "pydantic", "rich/console.py")
    profile_command(
        bench,
        ["-m", "verikb", "build", "-d", str(proj.site("verikb"))],
        cwd=proj.root,
        out=bench.tmp / "noop-build.prof",
        title=f"warm: cProfile of a no-change `python -m verikb build` with N={proj.n} decks (cumtime)",
        limit=16,
        keep=lambda line: any(w in line for w in wanted),
    )


def warm_change_one(bench: Bench, proj: Project, noop_verify: Stats) -> None:
    """Edit one snippet (only it must run) and touch another (content-keyed: nothing must run)."""
    folder = proj.root / "snippets" / "torch"
    edited, touched = sorted(folder.glob("warm_*.py"))[:2]
    edited.write_text(edited.read_text(encoding="utf-8") + "# edited by the benchmark\n", encoding="utf-8")
    os.utime(touched)
    start = time.perf_counter()
    total, executed = verify_cli(proj.root)
    seconds = time.perf_counter() - start
    paths = executed_paths(proj.root)
    ok = executed == 1 and paths == [str(edited.relative_to(proj.root))]
    executed_row(
        bench,
        proj,
        "after editing 1 snippet (touching another): executed",
        counts=(total, executed),
        paths=paths,
        goal="exactly the edited one",
        ok=ok,
    )
    info_row(
        bench,
        "warm",
        "verify with 1 snippet re-run / no-change verify",
        n=proj.n,
        subject=Stats((seconds,)),
        baseline=noop_verify,
        goal="info (1 worker start)",
        paired=False,
    )
    # A changed deck: the cache key holds the deck items a snippet checks, so exactly the snippets
    # that check this deck run again (the benchmark's warm snippets check card-1, which the edit replaces).
    deck = proj.decks[0]
    source = proj.root / "sources" / f"{deck}.txt"
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            "Recall & Review",
            "Recall & Review\nbeginner\n"
            "What changed in this deck?\nOne card was added by the benchmark.\nClick to reveal answer",
            1,
        ),
        encoding="utf-8",
    )
    run([PYTHON, "-m", "verikb", "import", str(source), "--out", "quizzes"], cwd=proj.root)
    total, executed = verify_cli(proj.root)
    paths = executed_paths(proj.root)
    expected = sorted(str(p.relative_to(proj.root)) for p in folder.glob(f"warm_{deck}_*.py"))
    executed_row(
        bench,
        proj,
        f"after changing deck {deck}: executed",
        counts=(total, executed),
        paths=paths,
        goal="exactly the deck's snippets",
        ok=paths == expected,
    )
    rebuilt_after_change(bench, proj, deck)


def rebuilt_after_change(bench: Bench, proj: Project, deck: str) -> None:
    """After the deck change above, `verikb build` must build again and its page show the new card."""
    done = run([PYTHON, "-m", "verikb", "build", "-d", str(proj.site("verikb"))], cwd=proj.root)
    page = proj.site("verikb") / "topics" / deck / "index.html"
    shows = "What changed in this deck?" in page.read_text(encoding="utf-8")
    built = "is up to date" not in done.stdout
    bench.add(
        Row(
            "warm",
            f"after changing deck {deck}: `verikb build` builds again and the page shows the change",
            str(proj.n),
            f"built: {built}, new card on the page: {shows}",
            "—",
            "—",
            "both",
            "PASS" if built and shows else "MISS",
        )
    )


def executed_row(
    bench: Bench, proj: Project, figure: str, *, counts: tuple[int, int], paths: list[str], goal: str, ok: bool
) -> None:
    """Add a row naming the snippets a verify executed (``counts`` is verify_cli's (snippets, executed))."""
    total, executed = counts
    ran = f"{executed} ({', '.join(paths)})"
    bench.add(Row("warm", figure, str(proj.n), ran, f"{total} snippets", "—", goal, "PASS" if ok else "MISS"))
