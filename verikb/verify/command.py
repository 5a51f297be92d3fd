"""The ``verify`` command: snippets -> verdicts -> verification.json, with progress and a summary."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from verikb.deck_io import read_decks
from verikb.verify.cache import ResultCache
from verikb.verify.results import ClaimResult, SnippetRun, build_results, write_verification
from verikb.verify.runner import run_snippets
from verikb.verify.snippets import find_snippets, read_snippet

__all__ = ["CACHE_DIR", "VERIFICATION_FILE", "run_verify"]

CACHE_DIR = Path(".verikb-cache") / "verify"
VERIFICATION_FILE = Path("verification.json")
_STYLE = {"verified": "green", "refuted": "yellow", "not checkable": "cyan", "error": "bold red"}


def run_verify(
    paths: list[Path],
    *,
    root: Path,
    framework: str | None,
    jobs: int,
    as_json: bool,
    use_cache: bool,
) -> int:
    """Verify and write verification.json; 1 when a snippet broke or a verdict changed."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    root = root.resolve()
    files = find_snippets([p if p.is_absolute() else root / p for p in paths] or [root / "snippets"])
    snippets = [read_snippet(f) for f in files]
    if framework:
        snippets = [s for s in snippets if s.framework == framework]
    decks = read_decks(root / "quizzes")
    cache = ResultCache(root / CACHE_DIR, enabled=use_cache)
    with Progress(
        TextColumn("verify"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=len(snippets))

        def done(run: SnippetRun) -> None:
            progress.update(task, advance=1, description=Path(run.path).name)

        runs = run_snippets(snippets, root=root, cache=cache, jobs=jobs, on_done=done)
    for run in runs:
        run.path = str(Path(run.path).relative_to(root)) if Path(run.path).is_absolute() else run.path
    checks = {r.path: s.checks for r, s in zip(runs, snippets, strict=True)}
    results = build_results(runs, checks, decks)
    write_verification(root / VERIFICATION_FILE, results, runs)
    if as_json:
        print(json.dumps([_public(r) for r in results], indent=2, ensure_ascii=False))
    _summarise(console, results, runs)
    broken = [r for r in results if r.verdict == "error" or r.changed]
    return 1 if broken else 0


def _public(result: ClaimResult) -> dict:
    data = asdict(result)
    data["changed"] = result.changed
    return data


def _summarise(console: object, results: list[ClaimResult], runs: list[SnippetRun]) -> None:
    from rich.table import Table

    table = Table(title="verification", show_lines=False)
    for column in ("deck", "item", "verdict", "claim"):
        table.add_column(column, overflow="fold")
    for r in results:
        mark = " (changed!)" if r.changed else ""
        verdict = f"[{_STYLE.get(r.verdict, '')}]{r.verdict}{mark}[/]"
        table.add_row(r.deck[:12], r.item, verdict, ((r.exception if r.verdict == "error" else r.claim) or "")[:90])
    console.print(table)  # type: ignore[attr-defined]
    executed = sum(not r.cached for r in runs)
    counts = {v: sum(r.verdict == v for r in results) for v in _STYLE}
    changed = sum(r.changed for r in results)
    line = ", ".join(f"{n} {v}" for v, n in counts.items())
    console.print(  # type: ignore[attr-defined]
        f"{len(results)} claims: {line}; {changed} changed. "
        f"{len(runs)} snippets, {executed} executed, {len(runs) - executed} from cache."
    )
    sys.stderr.flush()
